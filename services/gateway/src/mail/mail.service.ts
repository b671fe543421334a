import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { createTransport, type Transporter } from 'nodemailer';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
}

/** Every e-mail the gateway sends goes through this one interface. */
export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
  /** Lets go of connections (the SMTP pool) when the gateway stops. */
  close?(): void;
}

export const MAILER = Symbol('Mailer');

/** What picks and configures the implementation (a subset of the gateway's validated config). */
export interface MailSettings {
  MAIL_TRANSPORT: 'smtp' | 'file' | 'memory';
  MAIL_DIR: string;
  MAIL_FROM: string;
  SMTP_URI?: string;
}

/** `MAIL_TRANSPORT=smtp` → SMTP, `memory` → kept in the process (tests), else files (`npm start`). */
export function mailerFor(settings: MailSettings): Mailer {
  switch (settings.MAIL_TRANSPORT) {
    case 'smtp':
      if (!settings.SMTP_URI) throw new Error('SMTP_URI is required when MAIL_TRANSPORT=smtp');
      return new SmtpMailer(settings.SMTP_URI, settings.MAIL_FROM);
    case 'memory':
      return new InMemoryMailer();
    case 'file':
      return new FileMailer(settings.MAIL_DIR);
  }
}

/** Tests read what would have been sent. */
export class InMemoryMailer implements Mailer {
  readonly sent: OutgoingMail[] = [];

  send(mail: OutgoingMail): Promise<void> {
    this.sent.push(mail);
    return Promise.resolve();
  }
}

/** `npm start`: each message is a file in MAIL_DIR (default `.local/mail/`), so a developer can open the link. */
export class FileMailer implements Mailer {
  constructor(private readonly directory: string) {}

  async send(mail: OutgoingMail): Promise<void> {
    await mkdir(this.directory, { recursive: true });
    const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}.eml`;
    const message = `To: ${mail.to}\nSubject: ${mail.subject}\nContent-Type: text/plain; charset=utf-8\n\n${mail.text}\n`;
    await writeFile(join(this.directory, name), message, { mode: 0o600 });
  }
}

/**
 * Production: SMTP through nodemailer. `SMTP_URI` is `smtp://user:password@host:587` (STARTTLS when the
 * server offers it; add `?requireTLS=true` to refuse a server that does not) or `smtps://…:465`
 * (TLS from the first byte). A pool keeps a few connections open between messages; a message the
 * server refuses rejects `send`, so the caller sees it.
 */
export class SmtpMailer implements Mailer {
  private readonly transport: Transporter;

  constructor(
    url: string,
    private readonly from: string,
  ) {
    this.transport = createTransport({
      url,
      pool: true,
      maxConnections: 3,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
  }

  async send(mail: OutgoingMail): Promise<void> {
    await this.transport.sendMail({ from: this.from, to: mail.to, subject: mail.subject, text: mail.text });
  }

  close(): void {
    this.transport.close();
  }
}
