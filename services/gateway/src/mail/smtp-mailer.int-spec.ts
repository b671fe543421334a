/**
 * The SMTP Mailer (issue 15): the gateway configured with MAIL_TRANSPORT=smtp hands an invitation to
 * a real SMTP server — `smtp-server` listening on a free local port in this process — and the link in
 * the received message works.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { SMTPServer } from 'smtp-server';
import { hashSecret, loadSigningKey } from '@lawfirm/auth';
import { loadConfig } from '@lawfirm/platform';
import {
  bootService,
  eventually,
  serviceClient,
  serviceTestEnv,
  testDatabase,
  testKeys,
} from '@lawfirm/testing';
import { AppModule } from '../app.module';
import { GatewayConfig } from '../config';
import { MAILER, SmtpMailer, type Mailer } from './mail.service';

const NOWHERE = 'http://127.0.0.1:9';

interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

/** A local SMTP catcher: accepts every message without authentication and keeps it. */
async function startCatcher(): Promise<{ server: SMTPServer; port: number; received: ReceivedMail[] }> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    // No certificate here: without STARTTLS on offer, the client speaks plain SMTP on loopback.
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((recipient) => recipient.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.server.address() as AddressInfo).port, received };
}

/** The text of a single-part message, quoted-printable or 7bit as nodemailer writes it. */
function bodyOf(raw: string): string {
  const split = raw.indexOf('\r\n\r\n');
  const headers = raw.slice(0, split);
  const body = raw.slice(split + 4);
  if (!/content-transfer-encoding:\s*quoted-printable/i.test(headers)) return body;
  return body
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

async function bootGateway(smtpPort: number): Promise<NestFastifyApplication> {
  const upstreams = Object.fromEntries(
    ['INTAKE', 'TIMEKEEPING', 'BILLING', 'DOCKET', 'DOCUMENT', 'ADMIN_GATEWAY'].map((name) => [
      `${name}_URL`,
      NOWHERE,
    ]),
  );
  const config = loadConfig(
    GatewayConfig,
    serviceTestEnv('gateway', {
      GATEWAY_SIGNING_KEY: testKeys().gatewaySigningKey,
      MAIL_TRANSPORT: 'smtp',
      SMTP_URI: `smtp://127.0.0.1:${smtpPort}`,
      MAIL_FROM: 'Platform <no-reply@platform.test>',
      SIGN_IN_SOURCE_MAX_FAILURES: '100000',
      ...upstreams,
    }),
  );
  const key = await loadSigningKey(config.GATEWAY_SIGNING_KEY);
  return bootService('gateway', (logger) => AppModule.register(config, logger, key));
}

async function seedAdmin(): Promise<{ email: string; password: string }> {
  const firmId = randomUUID();
  const admin = { email: `admin-${randomUUID().slice(0, 8)}@smtp.test`, password: `pw-${randomUUID()}` };
  const client = new Client({ connectionString: testDatabase('gateway').owner });
  await client.connect();
  try {
    await client.query(`SELECT set_config('app.firm_id', $1, false)`, [firmId]);
    await client.query(`INSERT INTO firms (id, slug, name) VALUES ($1, $2, 'SMTP firm')`, [
      firmId,
      `smtp-${firmId.slice(0, 8)}`,
    ]);
    await client.query(
      `INSERT INTO users (id, firm_id, email, display_name, password_hash, roles) VALUES ($1, $2, $3, 'Admin', $4, $5)`,
      [randomUUID(), firmId, admin.email, await hashSecret(admin.password), ['firm-admin']],
    );
  } finally {
    await client.end();
  }
  return admin;
}

describe('SmtpMailer', () => {
  let catcher: Awaited<ReturnType<typeof startCatcher>>;
  let app: NestFastifyApplication;

  beforeAll(async () => {
    catcher = await startCatcher();
    app = await bootGateway(catcher.port);
  });

  afterAll(async () => {
    await app?.close();
    await new Promise<void>((resolve) => (catcher ? catcher.server.close(() => resolve()) : resolve()));
  });

  it('is the Mailer the configuration names', () => {
    expect(app.get<Mailer>(MAILER)).toBeInstanceOf(SmtpMailer);
  });

  it('sends an invitation over SMTP whose link makes the user', async () => {
    const admin = await seedAdmin();
    const anonymous = serviceClient(app).anonymous();
    const signIn = await anonymous.post('/v1/auth/token', {
      grant_type: 'password',
      username: admin.email,
      password: admin.password,
    });
    expect(signIn.status).toBe(200);
    const invitee = `invitee-${randomUUID().slice(0, 8)}@smtp.test`;
    const invited = await anonymous.request(
      'POST',
      '/v1/users/invitations',
      { email: invitee, roles: ['attorney'] },
      { headers: { authorization: `Bearer ${signIn.body.access_token as string}` } },
    );
    expect(invited.status).toBe(201);

    const mail = await eventually(async () =>
      catcher.received.find((message) => message.to.includes(invitee)),
    );
    expect(mail.from).toBe('no-reply@platform.test');
    expect(mail.raw).toMatch(/^Subject: You are invited/m);
    const token = /#token=([A-Za-z0-9_-]{43})/.exec(bodyOf(mail.raw))?.[1];
    expect(token).toBeDefined();

    const accepted = await anonymous.post('/v1/invitations/accept', {
      token,
      password: 'a long and quiet passphrase for the firm',
    });
    expect(accepted.status).toBe(201);
    expect(accepted.body).toEqual(expect.objectContaining({ email: invitee, roles: ['attorney'] }));
  });

  it('rejects send when the SMTP server refuses the recipient', async () => {
    const refusing = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onRcptTo(_address, _session, callback) {
        callback(Object.assign(new Error('no such mailbox'), { responseCode: 550 }));
      },
    });
    await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
    const mailer = new SmtpMailer(
      `smtp://127.0.0.1:${(refusing.server.address() as AddressInfo).port}`,
      'no-reply@platform.test',
    );
    try {
      await expect(mailer.send({ to: 'nobody@smtp.test', subject: 'Hello', text: 'Hello' })).rejects.toThrow(
        /550|no such mailbox/,
      );
    } finally {
      mailer.close();
      await new Promise<void>((resolve) => refusing.close(() => resolve()));
    }
  });
});
