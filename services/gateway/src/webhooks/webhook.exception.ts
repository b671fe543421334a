import { DomainError } from '@lawfirm/errors';

export class WebhookUrlTakenError extends DomainError {
  constructor(url: string) {
    super('conflict', 'webhook_url_taken', `Your firm already has a webhook for ${url}.`, [
      { field: 'url', message: 'url already has a webhook in your firm' },
    ]);
  }
}

export class WebhookDisabledError extends DomainError {
  constructor(id: string) {
    super('conflict', 'webhook_disabled', `Webhook ${id} is disabled; enable it before replaying.`);
  }
}

export class ReplayTooLargeError extends DomainError {
  constructor(count: number, limit: number) {
    super(
      'unprocessable',
      'replay_too_large',
      `${count} events match; one replay resends at most ${limit}. Narrow it with until.`,
      [{ field: 'until', message: `at most ${limit} events per replay` }],
    );
  }
}
