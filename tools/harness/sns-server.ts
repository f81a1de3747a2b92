/**
 * A local Amazon SNS endpoint that answers Publish (AWS Query protocol: a form-encoded POST, an
 * XML answer) over real HTTP, so the real `@aws-sdk/client-sns` client can be pointed at it.
 * Wire format: https://docs.aws.amazon.com/sns/latest/api/API_Publish.html
 */
import { randomUUID } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One message as the endpoint received it. */
export interface PublishedMessage {
  readonly topicArn: string;
  readonly subject: string | undefined;
  readonly message: string;
}

export interface RunningSns {
  readonly endpoint: string;
  readonly published: PublishedMessage[];
  close(): Promise<void>;
}

const SNS_XMLNS = 'http://sns.amazonaws.com/doc/2010-03-31/';

/**
 * Starts the endpoint on 127.0.0.1. It checks what SNS checks of a Publish to an e-mail topic:
 * a known topic, a message of at most 256 KB, and a subject of ASCII without line breaks, under
 * 100 characters. `denied` topics answer AuthorizationError, as IAM would.
 */
export async function startSns(options: {
  topics: readonly string[];
  denied?: readonly string[];
}): Promise<RunningSns> {
  const published: PublishedMessage[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      if (form.get('Action') !== 'Publish') {
        return sendError(res, 400, 'InvalidAction', 'The action is not valid for this endpoint.');
      }
      const topicArn = form.get('TopicArn') ?? '';
      const message = form.get('Message') ?? '';
      const subject = form.get('Subject') ?? undefined;
      if (options.denied?.includes(topicArn)) {
        return sendError(
          res,
          403,
          'AuthorizationError',
          `User is not authorized to perform: SNS:Publish on resource: ${topicArn}`,
        );
      }
      if (!options.topics.includes(topicArn)) {
        return sendError(res, 404, 'NotFound', 'Topic does not exist');
      }
      if (Buffer.byteLength(message) > 262_144) {
        return sendError(res, 400, 'InvalidParameter', 'Invalid parameter: Message too long');
      }
      if (subject !== undefined && (!/^[\x20-\x7e]+$/.test(subject) || subject.length >= 100)) {
        return sendError(res, 400, 'InvalidParameter', 'Invalid parameter: Subject');
      }
      published.push({ topicArn, subject, message });
      sendXml(
        res,
        200,
        `<PublishResponse xmlns="${SNS_XMLNS}"><PublishResult><MessageId>${randomUUID()}</MessageId></PublishResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></PublishResponse>`,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    published,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  sendXml(
    res,
    status,
    `<ErrorResponse xmlns="${SNS_XMLNS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
  );
}

function sendXml(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
