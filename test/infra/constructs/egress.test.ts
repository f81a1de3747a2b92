/** chat-opsdata:fixedEgressIp: the function behind one Elastic IP, through a NAT instance or gateway. */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type CfnResource,
  resource,
  roleStatements,
  type Synthesized,
  synth,
} from '../../../tools/harness/synth.js';

let plain: Synthesized;
let instance: Synthesized;
let gateway: Synthesized;

beforeAll(() => {
  plain = synth();
  instance = synth({ 'chat-opsdata:fixedEgressIp': true });
  gateway = synth({ 'chat-opsdata:fixedEgressIp': 'gateway' });
});

const all = (s: Synthesized, type: string): CfnResource[] =>
  Object.values(s.template.findResources(type)) as CfnResource[];
const fnProps = (s: Synthesized) => resource(s.template, s.idOf(s.stack.fn)).Properties;
const eipId = (s: Synthesized) => s.idOf(s.stack.egress?.elasticIp as never);

describe('without fixedEgressIp (the default)', () => {
  it('has no VPC, NAT or Elastic IP, and the function no VpcConfig and no EgressIp output', () => {
    for (const type of [
      'AWS::EC2::VPC',
      'AWS::EC2::EIP',
      'AWS::EC2::NatGateway',
      'AWS::EC2::Instance',
    ]) {
      plain.template.resourceCountIs(type, 0);
    }
    expect(fnProps(plain).VpcConfig).toBeUndefined();
    expect(plain.template.toJSON().Outputs.EgressIp).toBeUndefined();
  });
});

describe.each([
  ['a NAT instance (true)', () => instance],
  ['a NAT gateway ("gateway")', () => gateway],
])('with %s', (_, get) => {
  it('puts the function in the two private subnets with its own security group', () => {
    const s = get();
    const subnets = all(s, 'AWS::EC2::Subnet');
    const privateIds = Object.entries(s.template.findResources('AWS::EC2::Subnet'))
      .filter(
        ([, r]) =>
          r.Properties.MapPublicIpOnLaunch === false &&
          /Private/.test(String(r.Properties.Tags?.[0]?.Value ?? '')),
      )
      .map(([id]) => ({ Ref: id }));
    expect(subnets).toHaveLength(4);
    expect(fnProps(s).VpcConfig).toEqual({
      SubnetIds: privateIds,
      SecurityGroupIds: [
        { 'Fn::GetAtt': [s.idOf(s.stack.egress?.functionSecurityGroup as never), 'GroupId'] },
      ],
    });
  });

  it('lets the function out on HTTPS only, and nothing in', () => {
    const s = get();
    const sg = resource(s.template, s.idOf(s.stack.egress?.functionSecurityGroup as never));
    expect(sg.Properties.SecurityGroupEgress).toEqual([
      {
        CidrIp: '0.0.0.0/0',
        Description: 'HTTPS to getappinfo and the AWS APIs',
        FromPort: 443,
        IpProtocol: 'tcp',
        ToPort: 443,
      },
    ]);
    expect(sg.Properties.SecurityGroupIngress).toBeUndefined();
  });

  it('outputs the Elastic IP as EgressIp, hands out no other public address at launch', () => {
    const s = get();
    s.template.resourceCountIs('AWS::EC2::EIP', 1);
    expect(s.template.toJSON().Outputs.EgressIp).toEqual({
      Description: expect.stringContaining('allowlist'),
      Value: { 'Fn::GetAtt': [eipId(s), 'PublicIp'] },
    });
    for (const subnet of all(s, 'AWS::EC2::Subnet')) {
      expect(subnet.Properties.MapPublicIpOnLaunch).toBe(false);
    }
  });

  it('routes S3 through a gateway endpoint and logs all traffic to the access-log bucket', () => {
    const s = get();
    expect(all(s, 'AWS::EC2::VPCEndpoint')).toEqual([
      expect.objectContaining({
        Properties: expect.objectContaining({ VpcEndpointType: 'Gateway' }),
      }),
    ]);
    expect(all(s, 'AWS::EC2::FlowLog')[0]?.Properties).toMatchObject({
      TrafficType: 'ALL',
      LogDestinationType: 's3',
      LogDestination: {
        'Fn::Join': [
          '',
          [{ 'Fn::GetAtt': [s.idOf(s.stack.accessLogsBucket), 'Arn'] }, '/vpc-flow-logs/'],
        ],
      },
    });
  });

  it('lets the flow-log delivery service write to the access-log bucket', () => {
    const s = get();
    const policy = Object.values(s.template.findResources('AWS::S3::BucketPolicy')).find(
      (p) => p.Properties.Bucket.Ref === s.idOf(s.stack.accessLogsBucket),
    );
    expect(policy?.Properties.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { Service: 'delivery.logs.amazonaws.com' },
        Action: 's3:PutObject',
      }),
    );
  });

  it('gives the role the network-interface actions Lambda needs, and no managed policy', () => {
    const s = get();
    const roleId = s.idOf(s.stack.snapshotFunction.role);
    expect(roleStatements(s.template, roleId).find((st) => st.Sid === 'AttachToVpc')).toEqual({
      Sid: 'AttachToVpc',
      Effect: 'Allow',
      Action: [
        'ec2:AssignPrivateIpAddresses',
        'ec2:CreateNetworkInterface',
        'ec2:DeleteNetworkInterface',
        'ec2:DescribeNetworkInterfaces',
        'ec2:DescribeSubnets',
        'ec2:UnassignPrivateIpAddresses',
      ],
      Resource: '*',
    });
    expect(resource(s.template, roleId).Properties.ManagedPolicyArns).toBeUndefined();
  });
});

describe('the NAT instance', () => {
  it('is one t4g.nano on Amazon Linux 2023 from the AMI parameter, holding the Elastic IP', () => {
    const [nat] = all(instance, 'AWS::EC2::Instance');
    instance.template.resourceCountIs('AWS::EC2::Instance', 1);
    instance.template.resourceCountIs('AWS::EC2::NatGateway', 0);
    expect(nat?.Properties).toMatchObject({
      InstanceType: 't4g.nano',
      SourceDestCheck: false,
      CreditSpecification: { CPUCredits: 'standard' },
      MetadataOptions: { HttpTokens: 'required' },
      BlockDeviceMappings: [
        {
          DeviceName: '/dev/xvda',
          Ebs: { Encrypted: true, VolumeType: 'gp3', DeleteOnTermination: true },
        },
      ],
    });
    const parameters = instance.template.toJSON().Parameters as Record<
      string,
      { Default?: string }
    >;
    const image = parameters[nat?.Properties.ImageId.Ref];
    expect(image?.Default).toMatch(
      /^\/aws\/service\/ami-amazon-linux-latest\/al2023-ami-kernel-.*-arm64$/,
    );
    expect(resource(instance.template, eipId(instance)).Properties.InstanceId).toEqual({
      Ref: instance.idOf(instance.stack.egress?.natInstance as never),
    });
  });

  it('takes HTTPS from the function only', () => {
    const ingress = all(instance, 'AWS::EC2::SecurityGroupIngress');
    expect(ingress).toHaveLength(1);
    expect(ingress[0]?.Properties).toMatchObject({
      IpProtocol: 'tcp',
      FromPort: 443,
      ToPort: 443,
      SourceSecurityGroupId: {
        'Fn::GetAtt': [
          instance.idOf(instance.stack.egress?.functionSecurityGroup as never),
          'GroupId',
        ],
      },
    });
  });

  it('is the only route out of both private subnets', () => {
    const natId = instance.idOf(instance.stack.egress?.natInstance as never);
    const defaults = all(instance, 'AWS::EC2::Route').filter(
      (r) => r.Properties.InstanceId !== undefined,
    );
    expect(defaults).toHaveLength(2);
    for (const route of defaults) {
      expect(route.Properties).toMatchObject({
        DestinationCidrBlock: '0.0.0.0/0',
        InstanceId: { Ref: natId },
      });
    }
  });
});

describe('the NAT gateway', () => {
  it('is one managed gateway on the Elastic IP, and no instance', () => {
    gateway.template.resourceCountIs('AWS::EC2::NatGateway', 1);
    gateway.template.resourceCountIs('AWS::EC2::Instance', 0);
    expect(all(gateway, 'AWS::EC2::NatGateway')[0]?.Properties.AllocationId).toEqual({
      'Fn::GetAtt': [eipId(gateway), 'AllocationId'],
    });
  });
});
