import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
}

/** Every e-mail the gateway sends goes through this one interface. */
export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
}

export const MAILER = Symbol('Mailer');

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
