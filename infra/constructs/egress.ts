import { Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/** The NAT that gives the function one public address: an EC2 instance or a managed gateway. */
export type NatKind = 'instance' | 'gateway';

export interface FixedEgressProps {
  readonly nat: NatKind;
  /** Receives the VPC's flow logs under `vpc-flow-logs/` (the stack's access-log bucket). */
  readonly flowLogsBucket: s3.IBucket;
}

/** A NAT instance needs no more: it forwards a few KB a day. Graviton, the smallest size. */
export const NAT_INSTANCE_TYPE = 't4g.nano';

/**
 * A VPC in which the snapshot function reaches the internet from one Elastic IP, for a Tencent
 * Cloud Chat IP allowlist (error 60021): two private subnets (one per Availability Zone, so Lambda
 * can place the function in either) whose only route out is one NAT in a public subnet, an S3
 * gateway endpoint (free; the snapshots bypass the NAT), and flow logs of all traffic to S3.
 *
 * `instance` (the default for `chat-opsdata:fixedEgressIp: true`): CDK's NAT instance on Amazon
 * Linux 2023 from AWS's own AMI parameter, the newest one at each deploy; ≈ $7.4 a month. It is
 * one instance: if it fails, that day's run fails and alarms until EC2 recovers or replaces it.
 * `gateway`: a managed NAT gateway, redundant inside its zone and nothing to patch; ≈ $36.5 a
 * month. Either way the address is the Elastic IP's, kept when the NAT is replaced.
 */
export class FixedEgress extends Construct {
  readonly vpc: ec2.Vpc;
  /** The function's network interfaces: HTTPS out, nothing in. */
  readonly functionSecurityGroup: ec2.SecurityGroup;
  readonly elasticIp: ec2.CfnEIP;
  /** The address to allowlist (output `EgressIp`). */
  readonly publicIp: string;
  /** The NAT instance; undefined with a NAT gateway. */
  readonly natInstance: ec2.Instance | undefined;

  constructor(scope: Construct, id: string, props: FixedEgressProps) {
    super(scope, id);
    this.elasticIp = new ec2.CfnEIP(this, 'ElasticIp', { domain: 'vpc' });
    this.publicIp = this.elasticIp.attrPublicIp;

    const instanceProvider =
      props.nat === 'instance'
        ? ec2.NatProvider.instanceV2({
            instanceType: new ec2.InstanceType(NAT_INSTANCE_TYPE),
            machineImage: ec2.MachineImage.latestAmazonLinux2023({
              cpuType: ec2.AmazonLinuxCpuType.ARM_64,
            }),
            // No surplus CPU credits billed: the instance idles at ~0 % CPU.
            creditSpecification: ec2.CpuCredits.STANDARD,
            // Inbound is opened below to the function's security group only.
            defaultAllowedTraffic: ec2.NatTrafficDirection.OUTBOUND_ONLY,
            // For the user data's package install at first boot; the Elastic IP replaces it.
            associatePublicIpAddress: true,
          })
        : undefined;
    const natGatewayProvider =
      instanceProvider ??
      ec2.NatProvider.gateway({ eipAllocationIds: [this.elasticIp.attrAllocationId] });

    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr('10.10.0.0/24'),
      maxAzs: 2,
      natGateways: 1,
      natGatewayProvider,
      subnetConfiguration: [
        // No address is handed out at launch: the only public address is the Elastic IP.
        {
          name: 'Public',
          subnetType: ec2.SubnetType.PUBLIC,
          cidrMask: 28,
          mapPublicIpOnLaunch: false,
        },
        { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 26 },
      ],
      gatewayEndpoints: { S3: { service: ec2.GatewayVpcEndpointAwsService.S3 } },
      flowLogs: {
        All: {
          destination: ec2.FlowLogDestination.toS3(props.flowLogsBucket, 'vpc-flow-logs/'),
          trafficType: ec2.FlowLogTrafficType.ALL,
        },
      },
    });

    this.functionSecurityGroup = new ec2.SecurityGroup(this, 'FunctionSecurityGroup', {
      vpc: this.vpc,
      description: 'chat-opsdata snapshot function: HTTPS out (Tencent, AWS APIs), nothing in',
      allowAllOutbound: false,
    });
    this.functionSecurityGroup.addEgressRule(
      ec2.Peer.anyIpv4(),
      ec2.Port.tcp(443),
      'HTTPS to getappinfo and the AWS APIs',
    );

    const [instance] = instanceProvider?.gatewayInstances ?? [];
    this.natInstance = instance;
    if (instanceProvider !== undefined && instance !== undefined) {
      instanceProvider.connections.allowFrom(
        this.functionSecurityGroup,
        ec2.Port.tcp(443),
        'HTTPS from the snapshot function',
      );
      this.elasticIp.instanceId = instance.instanceId;
      hardenNatInstance(instance);
    }
  }
}

/** IMDSv2 only, an encrypted gp3 root volume, and the acknowledged cdk-nag findings. */
function hardenNatInstance(instance: ec2.Instance): void {
  const cfn = instance.node.defaultChild as ec2.CfnInstance;
  cfn.metadataOptions = { httpTokens: 'required', httpEndpoint: 'enabled' };
  // Amazon Linux 2023's root device; no size, so the AMI's own (8 GiB) is used.
  cfn.blockDeviceMappings = [
    {
      deviceName: '/dev/xvda',
      ebs: { encrypted: true, volumeType: 'gp3', deleteOnTermination: true },
    },
  ];
  Validations.of(instance).acknowledge(
    {
      id: 'AwsSolutions-EC28',
      reason:
        'Detailed (1-minute) monitoring would add 7 metrics ($2.10/month) to a NAT that forwards a few KB once a day; the basic 5-minute metrics and the snapshot alarms cover it.',
    },
    {
      id: 'AwsSolutions-EC29',
      reason:
        'CloudFormation replaces the NAT instance when its AMI changes; termination protection would block that and cdk destroy. The Elastic IP, which must persist, is a resource of its own and moves to the new instance.',
    },
  );
}
