/**
 * A local AWS Secrets Manager endpoint that answers GetSecretValue (AWS JSON 1.1) over real HTTP,
 * so the real `@aws-sdk/client-secrets-manager` client can be pointed at it with `endpoint`.
 * Wire format: https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One call as the endpoint saw it (the Authorization header is not kept). */
export interface SecretsManagerRequest {
  readonly target: string | undefined;
  readonly secretId: string | undefined;
  /** The `__type` of the error answered, or undefined when the secret was returned. */
  readonly error: string | undefined;
}

export interface RunningSecretsManager {
  /** Base URL for the client's `endpoint`, e.g. `http://127.0.0.1:40123`. */
  readonly endpoint: string;
  readonly requests: SecretsManagerRequest[];
  /** The ARN the endpoint gives secret `name` (created when first set). */
  arnOf(name: string): string;
  /** Creates the secret or puts a new current version of it. */
  setSecret(name: string, value: string): void;
  close(): Promise<void>;
}

interface StoredSecret {
  readonly name: string;
  readonly arn: string;
  versionId: string;
  value: string;
  readonly createdDate: number;
}

const ACCOUNT = '123456789012';
const AMZ_JSON = 'application/x-amz-json-1.1';
const SIGV4 =
  /^AWS4-HMAC-SHA256 Credential=[^/\s]+\/\d{8}\/([^/\s]+)\/secretsmanager\/aws4_request, ?SignedHeaders=[^,\s]+, ?Signature=[0-9a-f]{64}$/;

/** Starts the endpoint on 127.0.0.1 with `secrets` (name → SecretString); region default us-east-1. */
export async function startSecretsManager(options: {
  secrets: Record<string, string>;
  region?: string;
  /** Secrets the caller may not read: answered AccessDeniedException, as IAM would. */
  denied?: readonly string[];
  /** Secrets stored as binary: answered with SecretBinary and no SecretString. */
  binary?: readonly string[];
}): Promise<RunningSecretsManager> {
  const region = options.region ?? 'us-east-1';
  const store = new Map<string, StoredSecret>();
  const requests: SecretsManagerRequest[] = [];

  const setSecret = (name: string, value: string) => {
    const existing = store.get(name);
    if (existing) {
      existing.value = value;
      existing.versionId = randomUUID();
      return;
    }
    // Real ARNs end in "-" and six random characters that the name does not predict.
    const suffix = randomBytes(6).toString('base64url').replace(/[-_]/g, 'x').slice(0, 6);
    store.set(name, {
      name,
      arn: `arn:aws:secretsmanager:${region}:${ACCOUNT}:secret:${name}-${suffix}`,
      versionId: randomUUID(),
      value,
      createdDate: Date.now() / 1000,
    });
  };
  for (const [name, value] of Object.entries(options.secrets)) setSecret(name, value);

  const find = (id: string) =>
    store.get(id) ?? [...store.values()].find((secret) => secret.arn === id);

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const target = req.headers['x-amz-target'] as string | undefined;
      let secretId: string | undefined;
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { SecretId?: unknown };
        if (typeof body.SecretId === 'string') secretId = body.SecretId;
      } catch {
        // An unparsable body is answered below as a missing SecretId.
      }
      const fail = (status: number, type: string, message: string) => {
        requests.push({ target, secretId, error: type });
        sendJson(res, status, { __type: type, message });
      };

      const auth = SIGV4.exec(req.headers.authorization ?? '');
      if (req.method !== 'POST' || req.url !== '/') {
        return fail(404, 'UnknownOperationException', 'Unknown operation');
      }
      if (!auth)
        return fail(400, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
      if (auth[1] !== region) {
        return fail(
          400,
          'InvalidSignatureException',
          `Credential should be scoped to a valid region, not '${auth[1]}'.`,
        );
      }
      if (target !== 'secretsmanager.GetSecretValue') {
        return fail(400, 'UnknownOperationException', 'Unknown operation');
      }
      if (!secretId) return fail(400, 'InvalidParameterException', 'Invalid SecretId.');
      const secret = find(secretId);
      if (options.denied?.includes(secret?.name ?? secretId)) {
        // IAM is checked before existence is revealed; the real message names the caller's ARN.
        return fail(
          400,
          'AccessDeniedException',
          `User: arn:aws:iam::${ACCOUNT}:user/tester is not authorized to perform: secretsmanager:GetSecretValue on resource: ${secretId} because no identity-based policy allows the secretsmanager:GetSecretValue action`,
        );
      }
      if (!secret) {
        return fail(
          400,
          'ResourceNotFoundException',
          "Secrets Manager can't find the specified secret.",
        );
      }
      requests.push({ target, secretId, error: undefined });
      const binary = options.binary?.includes(secret.name);
      sendJson(res, 200, {
        ARN: secret.arn,
        Name: secret.name,
        VersionId: secret.versionId,
        ...(binary
          ? { SecretBinary: Buffer.from(secret.value).toString('base64') }
          : { SecretString: secret.value }),
        VersionStages: ['AWSCURRENT'],
        CreatedDate: secret.createdDate,
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    arnOf: (name) => {
      const secret = store.get(name);
      if (!secret) throw new Error(`no secret named ${name}`);
      return secret.arn;
    },
    setSecret,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const bytes = Buffer.from(JSON.stringify(body), 'utf8');
  res.writeHead(status, {
    'content-type': AMZ_JSON,
    'content-length': bytes.length,
    'x-amzn-requestid': randomUUID(),
  });
  res.end(bytes);
}
