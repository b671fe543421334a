import { adminPaths, ApiProblem, call, session } from './api';
import { formatTime, h, replace } from './dom';
import './styles.css';

/* ---------- shapes the admin API answers (see the admin gateway's /openapi.json) ---------- */

interface TokenAnswer {
  access_token: string;
  expires_in: number;
}
interface AuditEntry {
  seq: number;
  eventId: string;
  action?: string;
  actorType?: string;
  actorId?: string;
  resourceType?: string;
  resourceId?: string;
  reason?: string;
  at?: string;
  status?: number;
  [field: string]: unknown;
}
interface ChainVerification {
  firmId: string;
  intact: boolean;
  checked: number;
  lastSeq: number;
  breaks: Array<{ seq: number; reason: string; detail: string }>;
  moreBreaks: number;
}
interface DlqSummary {
  topic: string;
  dlqTopic: string;
  owner: string;
  letters: number;
  replayed: number;
  pending: number;
}
interface DeadLetter {
  partition: number;
  offset: string;
  eventId: string | null;
  eventType: string | null;
  firmId: string | null;
  consumerGroup: string | null;
  service: string | null;
  error: string | null;
  errorKind: string | null;
  attempts: number | null;
  failedAt: string | null;
  payloadSummary: string;
  replayedAt: string | null;
  replayedBy: string | null;
}
interface ReplayResult {
  replayed: number;
  alreadyReplayed: number;
  skipped: number;
  remaining: number;
}
interface ServiceHealth {
  service: string;
  url: string | null;
  status: 'ready' | 'not-ready' | 'unreachable';
  httpStatus: number | null;
  latencyMs: number;
  checks: Record<string, { status?: string; error?: string }>;
  error: string | null;
}

type FirmStatus = 'active' | 'suspended';
interface FirmSummary {
  id: string;
  slug: string;
  name: string;
  timeZone: string;
  currency: string;
  paymentTermsDays: number;
  status: FirmStatus;
  suspendedAt: string | null;
  createdAt: string;
}
interface FirmDetail extends FirmSummary {
  users: Array<{
    id: string;
    email: string;
    displayName: string;
    roles: string[];
    createdAt: string;
    disabledAt: string | null;
  }>;
  apiClients: Array<{
    clientId: string;
    name: string;
    roles: string[];
    createdAt: string;
    revokedAt: string | null;
  }>;
  invitations: Array<{ id: string; email: string; roles: string[]; createdAt: string; expiresAt: string }>;
}
interface OnboardedFirm {
  firm: FirmSummary;
  invitation: { id: string; email: string; expiresAt: string };
}

/** A UUID, as the HTML pattern attribute (compiled with the v flag) reads it. */
const UUID_PATTERN = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

/* ---------- layout ---------- */

const root = document.getElementById('app')!;
const main = h('main', { id: 'screen' });
const flash = h('div', { id: 'flash', role: 'status', 'aria-live': 'polite' });
let healthTimer: number | undefined;
let routes: Set<string> = new Set();

/** A message for the screen the next hash change opens (the change clears the current one). */
let noticeForNextScreen: string | undefined;

function notify(kind: 'ok' | 'error', text: string): void {
  replace(flash, h('p', { class: `flash flash-${kind}` }, text));
}

function fail(error: unknown): void {
  if (error instanceof ApiProblem) {
    if (error.status === 401) {
      session.signOut();
      renderSignIn('Your session ended; sign in again.');
      return;
    }
    notify('error', error.describe());
  } else notify('error', String(error));
}

function layout(): void {
  const nav = h(
    'nav',
    { 'aria-label': 'Console' },
    h('a', { href: '#/firms' }, 'Firms'),
    h('a', { href: '#/audit' }, 'Audit trail'),
    h('a', { href: '#/dlq' }, 'Dead letters'),
    h('a', { href: '#/health' }, 'Service health'),
  );
  const signOut = h(
    'button',
    {
      type: 'button',
      class: 'link',
      onclick: () => {
        session.signOut();
        location.hash = '';
        renderSignIn('Signed out.');
      },
    },
    'Sign out',
  );
  replace(root, h('header', {}, h('h1', {}, 'Operations console'), nav, signOut), flash, main);
}

/** Asks the operator why (10–500 characters); the answer goes into the audit record. */
function askReason(purpose: string): Promise<string | null> {
  return new Promise((resolve) => {
    const input = h('textarea', {
      id: 'reason',
      name: 'reason',
      rows: 3,
      minlength: 10,
      maxlength: 500,
      required: true,
      placeholder: 'e.g. INC-1234: firm asked us to check its trail',
    });
    input.value = sessionStorage.getItem('lawfirm-ops-last-reason') ?? '';
    const error = h('p', { class: 'field-error', role: 'alert' });
    const dialog = h('dialog', { class: 'reason-dialog', 'aria-labelledby': 'reason-title' });
    const close = (value: string | null): void => {
      dialog.close();
      dialog.remove();
      resolve(value);
    };
    const form = h(
      'form',
      {
        method: 'dialog',
        novalidate: true,
        onsubmit: (event: Event) => {
          event.preventDefault();
          const reason = input.value.trim();
          if (reason.length < 10 || reason.length > 500) {
            replace(error, 'State a reason of 10 to 500 characters (a ticket number helps).');
            return;
          }
          sessionStorage.setItem('lawfirm-ops-last-reason', reason);
          close(reason);
        },
      },
      h('h2', { id: 'reason-title' }, 'Why?'),
      h('p', {}, purpose, ' Your reason is kept in the audit trail with your name.'),
      h('label', { for: 'reason' }, 'Access reason'),
      input,
      error,
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'button', class: 'secondary', onclick: () => close(null) }, 'Cancel'),
        h('button', { type: 'submit', id: 'reason-confirm' }, 'Confirm'),
      ),
    );
    dialog.append(form);
    document.body.append(dialog);
    dialog.addEventListener('cancel', () => close(null));
    dialog.showModal();
    input.focus();
  });
}

/* ---------- sign in ---------- */

function renderSignIn(message?: string): void {
  window.clearInterval(healthTimer);
  const username = h('input', {
    id: 'username',
    name: 'username',
    type: 'email',
    autocomplete: 'username',
    required: true,
  });
  const password = h('input', {
    id: 'password',
    name: 'password',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
  });
  const status = h(
    'p',
    { class: 'field-error', role: 'alert' },
    message && message !== 'Signed out.' ? message : '',
  );
  const form = h(
    'form',
    {
      class: 'card sign-in',
      onsubmit: (event: Event) => {
        event.preventDefault();
        replace(status, '');
        call<TokenAnswer>('/admin/auth/token', {
          method: 'POST',
          form: { grant_type: 'password', username: username.value, password: password.value },
        })
          .then(async (answer) => {
            session.signIn(answer.access_token);
            await start();
          })
          .catch((error: unknown) => {
            replace(status, error instanceof ApiProblem ? error.describe() : String(error));
          });
      },
    },
    h('h1', {}, 'Operations console'),
    h('p', { class: 'muted' }, 'For the platform operations team. Every look at a firm is audited.'),
    h('label', { for: 'username' }, 'E-mail'),
    username,
    h('label', { for: 'password' }, 'Password'),
    password,
    status,
    h('button', { type: 'submit', id: 'sign-in' }, 'Sign in'),
  );
  replace(root, h('main', { class: 'centered' }, form));
  username.focus();
}

/* ---------- firms ---------- */

function statusBadge(status: FirmStatus): HTMLElement {
  return h('span', { class: `badge badge-firm-${status}` }, status);
}

/** Opens a firm's audit trail by id (also for firms this list does not show, such as the platform). */
function openTrailForm(): HTMLElement {
  const firmId = h('input', {
    id: 'firm-id',
    name: 'firmId',
    required: true,
    pattern: UUID_PATTERN,
    placeholder: '00000000-0000-0000-0000-000000000000',
  });
  return h(
    'form',
    {
      class: 'inline',
      onsubmit: (event: Event) => {
        event.preventDefault();
        location.hash = `#/audit/${firmId.value.trim().toLowerCase()}`;
      },
    },
    h('label', { for: 'firm-id' }, 'Firm id'),
    firmId,
    h('button', { type: 'submit' }, "Open the firm's audit trail"),
  );
}

function field(
  id: string,
  label: string,
  attributes: Record<string, string | number | boolean>,
): { input: HTMLInputElement; row: HTMLElement } {
  const input = h('input', { id, name: id, required: true, ...attributes });
  return { input, row: h('div', { class: 'field' }, h('label', { for: id }, label), input) };
}

function onboardForm(): HTMLElement {
  const name = field('firm-name', 'Firm name', { maxlength: 200, placeholder: 'Smith & Partners LLP' });
  const slug = field('firm-slug', 'Slug', {
    pattern: '[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}',
    placeholder: 'smith-partners',
  });
  const timeZone = field('firm-time-zone', 'Time zone (IANA)', { value: 'UTC', list: 'time-zones' });
  const zones = h(
    'datalist',
    { id: 'time-zones' },
    ...['UTC', ...Intl.supportedValuesOf('timeZone')].map((zone) => h('option', { value: zone })),
  );
  const currency = field('firm-currency', 'Currency (ISO 4217)', {
    value: 'USD',
    pattern: '[A-Z]{3}',
    maxlength: 3,
  });
  const terms = field('firm-terms', 'Payment terms (days)', { type: 'number', min: 0, max: 365, value: 30 });
  const adminEmail = field('admin-email', "First administrator's e-mail", {
    type: 'email',
    maxlength: 254,
  });
  const adminName = field('admin-name', "First administrator's name", { maxlength: 200 });
  const form = h(
    'form',
    {
      id: 'onboard-form',
      class: 'card grid-form',
      onsubmit: (event: Event) => {
        event.preventDefault();
        if (!form.reportValidity()) return;
        void (async () => {
          const reason = await askReason(`You are about to onboard the firm ${name.input.value.trim()}.`);
          if (!reason) return;
          try {
            const answer = await call<OnboardedFirm>('/admin/firms', {
              method: 'POST',
              reason,
              body: {
                name: name.input.value.trim(),
                slug: slug.input.value.trim(),
                timeZone: timeZone.input.value.trim(),
                currency: currency.input.value.trim(),
                paymentTermsDays: Number(terms.input.value),
                admin: { email: adminEmail.input.value.trim(), name: adminName.input.value.trim() },
              },
            });
            noticeForNextScreen = `Onboarded ${answer.firm.name}; the invitation went to ${answer.invitation.email} (valid until ${formatTime(answer.invitation.expiresAt)}).`;
            location.hash = `#/firms/${answer.firm.id}`;
          } catch (error) {
            fail(error);
          }
        })();
      },
    },
    h('h3', {}, 'Onboard a firm'),
    name.row,
    slug.row,
    timeZone.row,
    zones,
    currency.row,
    terms.row,
    adminEmail.row,
    adminName.row,
    h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'onboard' }, 'Onboard the firm')),
  );
  return form;
}

async function renderFirms(): Promise<void> {
  if (!routes.has('POST /admin/firms')) {
    replace(
      main,
      h('h2', {}, 'Firms'),
      h('p', { class: 'notice' }, 'This admin gateway has no firm routes; open a firm by its id.'),
      h('section', { class: 'card' }, openTrailForm()),
    );
    return;
  }
  const list = h('section', { class: 'card' }, h('p', { class: 'muted' }, 'Loading firms…'));
  replace(main, h('h2', {}, 'Firms'), list, onboardForm(), h('section', { class: 'card' }, openTrailForm()));
  try {
    const { items } = await call<{ items: FirmSummary[] }>('/admin/firms?limit=200');
    replace(
      list,
      h('h3', {}, `Firms (${items.length}, newest first)`),
      items.length
        ? h(
            'table',
            { id: 'firms-table' },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                ...['Firm', 'Slug', 'Status', 'Time zone', 'Currency', 'Onboarded'].map((t) =>
                  h('th', {}, t),
                ),
              ),
            ),
            h(
              'tbody',
              {},
              ...items.map((firm) =>
                h(
                  'tr',
                  { 'data-firm-id': firm.id },
                  h('td', {}, h('a', { href: `#/firms/${firm.id}` }, firm.name)),
                  h('td', {}, h('code', {}, firm.slug)),
                  h('td', {}, statusBadge(firm.status)),
                  h('td', {}, firm.timeZone),
                  h('td', {}, firm.currency),
                  h('td', {}, formatTime(firm.createdAt)),
                ),
              ),
            ),
          )
        : h('p', { class: 'muted' }, 'No firm yet: onboard the first one below.'),
    );
  } catch (error) {
    fail(error);
  }
}

function table(id: string, titles: string[], rows: HTMLElement[], empty: string): HTMLElement {
  return rows.length
    ? h(
        'table',
        { id },
        h('thead', {}, h('tr', {}, ...titles.map((title) => h('th', {}, title)))),
        h('tbody', {}, ...rows),
      )
    : h('p', { class: 'muted', id }, empty);
}

async function renderFirm(firmId: string): Promise<void> {
  replace(main, h('h2', {}, 'Firm ', h('code', {}, firmId)), h('p', { class: 'muted' }, 'Loading…'));
  let firm: FirmDetail;
  try {
    firm = await call<FirmDetail>(`/admin/firms/${encodeURIComponent(firmId)}`);
  } catch (error) {
    fail(error);
    return;
  }
  const change = async (action: 'suspend' | 'reactivate'): Promise<void> => {
    const reason = await askReason(
      action === 'suspend'
        ? `You are about to suspend ${firm.name}: every token of its people and integrations stops working at once.`
        : `You are about to reactivate ${firm.name}: its people and integrations can sign in again.`,
    );
    if (!reason) return;
    try {
      const answer = await call<FirmSummary>(`/admin/firms/${encodeURIComponent(firmId)}/${action}`, {
        method: 'POST',
        reason,
      });
      await renderFirm(firmId);
      notify('ok', `${answer.name} is ${answer.status} now.`);
    } catch (error) {
      fail(error);
    }
  };
  const suspended = firm.status === 'suspended';
  replace(
    main,
    h('p', {}, h('a', { href: '#/firms' }, '← All firms')),
    h('h2', {}, firm.name, ' ', h('span', { id: 'firm-status' }, statusBadge(firm.status))),
    h(
      'dl',
      { class: 'card facts' },
      ...(
        [
          ['Id', firm.id],
          ['Slug', firm.slug],
          ['Time zone', firm.timeZone],
          ['Currency', firm.currency],
          ['Payment terms', `${firm.paymentTermsDays} days`],
          ['Onboarded', formatTime(firm.createdAt)],
          ['Suspended', formatTime(firm.suspendedAt)],
        ] as const
      ).flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]),
    ),
    h(
      'div',
      { class: 'actions' },
      suspended
        ? h(
            'button',
            { type: 'button', id: 'reactivate-firm', onclick: () => void change('reactivate') },
            'Reactivate',
          )
        : h(
            'button',
            { type: 'button', id: 'suspend-firm', class: 'danger', onclick: () => void change('suspend') },
            'Suspend',
          ),
      h('a', { href: `#/audit/${firm.id}`, class: 'button secondary', id: 'firm-audit' }, 'Audit trail'),
    ),
    h(
      'section',
      { class: 'card' },
      h('h3', {}, 'Users'),
      table(
        'users-table',
        ['Name', 'E-mail', 'Roles', 'Since', 'Deactivated'],
        firm.users.map((user) =>
          h(
            'tr',
            {},
            h('td', {}, user.displayName),
            h('td', {}, user.email),
            h('td', {}, user.roles.join(', ')),
            h('td', {}, formatTime(user.createdAt)),
            h('td', {}, formatTime(user.disabledAt)),
          ),
        ),
        'No users yet: the first administrator has not accepted the invitation.',
      ),
    ),
    h(
      'section',
      { class: 'card' },
      h('h3', {}, 'Pending invitations'),
      table(
        'invitations-table',
        ['E-mail', 'Roles', 'Sent', 'Expires'],
        firm.invitations.map((invitation) =>
          h(
            'tr',
            {},
            h('td', {}, invitation.email),
            h('td', {}, invitation.roles.join(', ')),
            h('td', {}, formatTime(invitation.createdAt)),
            h('td', {}, formatTime(invitation.expiresAt)),
          ),
        ),
        'No pending invitations.',
      ),
    ),
    h(
      'section',
      { class: 'card' },
      h('h3', {}, 'API clients'),
      table(
        'clients-table',
        ['Client id', 'Name', 'Roles', 'Created', 'Revoked'],
        firm.apiClients.map((client) =>
          h(
            'tr',
            {},
            h('td', {}, h('code', {}, client.clientId)),
            h('td', {}, client.name),
            h('td', {}, client.roles.join(', ')),
            h('td', {}, formatTime(client.createdAt)),
            h('td', {}, formatTime(client.revokedAt)),
          ),
        ),
        'No API clients.',
      ),
    ),
  );
}

/* ---------- audit trail ---------- */

function reasonInDetails(details: unknown): string | undefined {
  const reason = (details as { reason?: unknown } | null | undefined)?.reason;
  return typeof reason === 'string' ? reason : undefined;
}

function renderAuditPicker(): void {
  const firmId = h('input', {
    id: 'audit-firm',
    name: 'firmId',
    required: true,
    pattern: UUID_PATTERN,
  });
  replace(
    main,
    h('h2', {}, 'Audit trail'),
    h(
      'form',
      {
        class: 'card inline',
        onsubmit: (event: Event) => {
          event.preventDefault();
          location.hash = `#/audit/${firmId.value.trim().toLowerCase()}`;
        },
      },
      h('label', { for: 'audit-firm' }, 'Firm id'),
      firmId,
      h('button', { type: 'submit' }, 'Open'),
    ),
  );
}

function renderAudit(firmId: string): void {
  const trail = h(
    'section',
    { id: 'trail', class: 'card' },
    h('p', { class: 'muted' }, 'Load the trail to see it.'),
  );
  const verification = h(
    'section',
    { id: 'verification', class: 'card' },
    h('p', { class: 'muted' }, 'Not verified yet.'),
  );
  let cursor: string | null = null;

  const load = async (append: boolean): Promise<void> => {
    const reason = await askReason(`You are about to read the audit trail of firm ${firmId}.`);
    if (!reason) return;
    try {
      const query = new URLSearchParams({ limit: '50', ...(append && cursor ? { cursor } : {}) });
      const page = await call<{ items: AuditEntry[]; nextCursor: string | null }>(
        `/admin/firms/${encodeURIComponent(firmId)}/audit?${query.toString()}`,
        { reason },
      );
      cursor = page.nextCursor;
      const rows = page.items.map((entry) =>
        h(
          'tr',
          {},
          h('td', { class: 'num' }, entry.seq),
          h('td', {}, formatTime(entry.at)),
          h('td', {}, entry.action ?? '—'),
          h('td', {}, `${entry.actorType ?? '?'} ${entry.actorId ?? ''}`),
          h('td', {}, entry.resourceType ? `${entry.resourceType} ${entry.resourceId ?? ''}` : '—'),
          // A read's reason is the record's own; a change's (onboarding, suspension) is in its details.
          h('td', {}, entry.reason ?? reasonInDetails(entry.details) ?? ''),
        ),
      );
      const existing = append ? trail.querySelector('tbody') : null;
      if (existing) rows.forEach((row) => existing.append(row));
      else
        replace(
          trail,
          h('h3', {}, 'Trail, newest first'),
          h(
            'table',
            { id: 'trail-table' },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                ...['Seq', 'At', 'Action', 'Actor', 'Resource', 'Reason'].map((title) => h('th', {}, title)),
              ),
            ),
            h('tbody', {}, ...rows),
          ),
        );
      trail.querySelector('.more')?.remove();
      if (cursor)
        trail.append(
          h('button', { type: 'button', class: 'secondary more', onclick: () => void load(true) }, 'Older'),
        );
      notify('ok', `Read ${page.items.length} records; your look is recorded in this firm's trail.`);
    } catch (error) {
      fail(error);
    }
  };

  const verify = async (): Promise<void> => {
    const reason = await askReason(`You are about to verify the hash chain of firm ${firmId}.`);
    if (!reason) return;
    try {
      const result = await call<ChainVerification>(
        `/admin/firms/${encodeURIComponent(firmId)}/audit/verify`,
        {
          reason,
        },
      );
      replace(
        verification,
        h('h3', {}, 'Chain verification'),
        h(
          'p',
          { id: 'chain-status', class: result.intact ? 'badge badge-ok' : 'badge badge-bad' },
          result.intact ? 'Intact' : 'Broken',
        ),
        h('p', {}, `${result.checked} records checked, last sequence ${result.lastSeq}.`),
        result.breaks.length
          ? h(
              'ul',
              { class: 'breaks' },
              ...result.breaks.map((each) => h('li', {}, `#${each.seq} ${each.reason}: ${each.detail}`)),
              result.moreBreaks ? h('li', {}, `… and ${result.moreBreaks} more`) : null,
            )
          : null,
      );
      notify(result.intact ? 'ok' : 'error', result.intact ? 'The chain is intact.' : 'The chain is broken.');
    } catch (error) {
      fail(error);
    }
  };

  replace(
    main,
    h('h2', {}, 'Audit trail of firm ', h('code', {}, firmId)),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'button', id: 'load-trail', onclick: () => void load(false) }, 'Read the trail'),
      h('button', { type: 'button', id: 'verify-chain', onclick: () => void verify() }, 'Verify the chain'),
    ),
    verification,
    trail,
  );
}

/* ---------- dead letters ---------- */

async function renderDlq(): Promise<void> {
  replace(main, h('h2', {}, 'Dead-letter queues'), h('p', { class: 'muted' }, 'Asking the broker…'));
  try {
    const { items } = await call<{ items: DlqSummary[] }>('/admin/dlq');
    const rows = items.map((queue) =>
      h(
        'tr',
        { class: queue.pending ? 'has-pending' : '' },
        h('td', {}, h('a', { href: `#/dlq/${encodeURIComponent(queue.topic)}` }, queue.dlqTopic)),
        h('td', {}, queue.owner),
        h('td', { class: 'num' }, queue.letters),
        h('td', { class: 'num' }, queue.replayed),
        h('td', { class: 'num' }, queue.pending),
      ),
    );
    replace(
      main,
      h('h2', {}, 'Dead-letter queues'),
      h(
        'p',
        { class: 'muted' },
        'Events a consumer gave up on after its retries. Fix the cause, then replay: consumers drop what they already applied.',
      ),
      h(
        'table',
        { id: 'dlq-table' },
        h(
          'thead',
          {},
          h('tr', {}, ...['Queue', 'Publisher', 'Letters', 'Replayed', 'Pending'].map((t) => h('th', {}, t))),
        ),
        h('tbody', {}, ...rows),
      ),
    );
  } catch (error) {
    fail(error);
  }
}

async function renderLetters(topic: string): Promise<void> {
  replace(main, h('h2', {}, `Dead letters of ${topic}`), h('p', { class: 'muted' }, 'Reading the queue…'));
  try {
    const list = await call<{ items: DeadLetter[]; older: number }>(
      `/admin/dlq/${encodeURIComponent(topic)}/letters?limit=100`,
    );
    const replayOne = async (letter: DeadLetter): Promise<void> => {
      const reason = await askReason(
        `You are about to send letter ${letter.partition}/${letter.offset} (${letter.eventType ?? 'unknown event'}) back to ${topic}.`,
      );
      if (!reason) return;
      try {
        await call<ReplayResult>(
          `/admin/dlq/${encodeURIComponent(topic)}/letters/${letter.partition}/${letter.offset}/replay`,
          { method: 'POST', body: {}, reason },
        );
        await renderLetters(topic);
        notify('ok', `Replayed letter ${letter.partition}/${letter.offset} to ${topic}.`);
      } catch (error) {
        fail(error);
      }
    };
    const groups = [
      ...new Set(list.items.map((letter) => letter.consumerGroup).filter((g): g is string => !!g)),
    ];
    const groupSelect = h(
      'select',
      { id: 'replay-group', name: 'consumerGroup' },
      h('option', { value: '' }, 'every consumer group'),
      ...groups.map((group) => h('option', { value: group }, group)),
    );
    const replayAll = async (): Promise<void> => {
      const group = groupSelect.value;
      const reason = await askReason(
        `You are about to send every pending letter${group ? ` of ${group}` : ''} back to ${topic}.`,
      );
      if (!reason) return;
      try {
        const result = await call<ReplayResult>(`/admin/dlq/${encodeURIComponent(topic)}/replay`, {
          method: 'POST',
          body: group ? { consumerGroup: group } : {},
          reason,
        });
        await renderLetters(topic);
        notify(
          'ok',
          `Replayed ${result.replayed} letters (${result.alreadyReplayed} replayed before, ${result.skipped} of other groups${result.remaining ? `, ${result.remaining} still to go` : ''}).`,
        );
      } catch (error) {
        fail(error);
      }
    };
    const rows = list.items.map((letter) =>
      h(
        'tr',
        { 'data-event-id': letter.eventId ?? '' },
        h('td', { class: 'num' }, `${letter.partition}/${letter.offset}`),
        h(
          'td',
          {},
          h('div', {}, letter.eventType ?? '—'),
          h('div', { class: 'muted small' }, letter.payloadSummary),
        ),
        h('td', {}, h('code', { class: 'small' }, letter.firmId ?? '—')),
        h(
          'td',
          {},
          letter.service ?? '—',
          letter.consumerGroup !== letter.service
            ? h('div', { class: 'muted small' }, letter.consumerGroup ?? '')
            : null,
        ),
        h(
          'td',
          {},
          h('span', { class: `badge badge-${letter.errorKind ?? 'unknown'}` }, letter.errorKind ?? '?'),
          ' ',
          letter.error ?? '—',
          h(
            'div',
            { class: 'muted small' },
            `${letter.attempts ?? '?'} attempts, ${formatTime(letter.failedAt)}`,
          ),
        ),
        h(
          'td',
          {},
          letter.replayedAt
            ? h('span', { class: 'muted small' }, `replayed ${formatTime(letter.replayedAt)}`)
            : h(
                'button',
                { type: 'button', class: 'replay', onclick: () => void replayOne(letter) },
                'Replay',
              ),
        ),
      ),
    );
    replace(
      main,
      h('p', {}, h('a', { href: '#/dlq' }, '← All queues')),
      h('h2', {}, 'Dead letters of ', h('code', {}, topic)),
      h(
        'div',
        { class: 'actions' },
        h('label', { for: 'replay-group' }, 'Replay pending letters of'),
        groupSelect,
        h(
          'button',
          { type: 'button', id: 'replay-all', onclick: () => void replayAll() },
          'Replay all pending',
        ),
      ),
      list.items.length
        ? h(
            'table',
            { id: 'letters-table' },
            h(
              'thead',
              {},
              h('tr', {}, ...['Letter', 'Event', 'Firm', 'Consumer', 'Error', ''].map((t) => h('th', {}, t))),
            ),
            h('tbody', {}, ...rows),
          )
        : h('p', { class: 'muted' }, 'No letters: nothing is parked on this queue.'),
      list.older ? h('p', { class: 'muted' }, `${list.older} older letters are not shown.`) : null,
    );
  } catch (error) {
    fail(error);
  }
}

/* ---------- service health ---------- */

async function refreshHealth(table: HTMLElement, stamp: HTMLElement): Promise<void> {
  try {
    const report = await call<{ checkedAt: string; items: ServiceHealth[] }>('/admin/health');
    replace(
      table,
      h(
        'thead',
        {},
        h('tr', {}, ...['Service', 'Status', 'Checks', 'HTTP', 'Latency'].map((t) => h('th', {}, t))),
      ),
      h(
        'tbody',
        {},
        ...report.items.map((service) =>
          h(
            'tr',
            { 'data-service': service.service },
            h('td', {}, service.service, h('div', { class: 'muted small' }, service.url ?? 'this gateway')),
            h('td', {}, h('span', { class: `badge badge-${service.status}` }, service.status)),
            h(
              'td',
              {},
              ...Object.entries(service.checks).map(([name, check]) =>
                h('div', {}, `${name}: ${check.status ?? '?'}${check.error ? ` (${check.error})` : ''}`),
              ),
              service.error ? h('div', { class: 'field-error' }, service.error) : null,
            ),
            h('td', { class: 'num' }, service.httpStatus ?? '—'),
            h('td', { class: 'num' }, `${service.latencyMs} ms`),
          ),
        ),
      ),
    );
    replace(stamp, `Checked ${formatTime(report.checkedAt)}; refreshed every 10 s.`);
  } catch (error) {
    fail(error);
  }
}

function renderHealth(): void {
  const table = h('table', { id: 'health-table' });
  const stamp = h('p', { class: 'muted' }, 'Polling every service…');
  replace(
    main,
    h('h2', {}, 'Service health'),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'button', onclick: () => void refreshHealth(table, stamp) }, 'Refresh now'),
    ),
    stamp,
    table,
  );
  void refreshHealth(table, stamp);
  healthTimer = window.setInterval(() => void refreshHealth(table, stamp), 10_000);
}

/* ---------- routing ---------- */

function route(): void {
  window.clearInterval(healthTimer);
  replace(flash);
  if (noticeForNextScreen) notify('ok', noticeForNextScreen);
  noticeForNextScreen = undefined;
  const [screen, ...rest] = location.hash.replace(/^#\/?/, '').split('/');
  const argument = rest.length ? decodeURIComponent(rest.join('/')) : undefined;
  for (const link of document.querySelectorAll('nav a')) {
    link.toggleAttribute('aria-current', link.getAttribute('href') === `#/${screen}`);
  }
  switch (screen) {
    case 'audit':
      if (argument) renderAudit(argument);
      else renderAuditPicker();
      return;
    case 'dlq':
      void (argument ? renderLetters(argument) : renderDlq());
      return;
    case 'health':
      renderHealth();
      return;
    case 'firms':
      if (argument) void renderFirm(argument);
      else void renderFirms();
      return;
    default:
      void renderFirms();
  }
}

async function start(): Promise<void> {
  try {
    routes = await adminPaths();
  } catch (error) {
    if (error instanceof ApiProblem && error.status === 401) {
      renderSignIn('Your session ended; sign in again.');
      return;
    }
    routes = new Set();
  }
  layout();
  if (!location.hash || location.hash === '#/') location.hash = '#/firms';
  route();
}

window.addEventListener('hashchange', () => {
  if (session.token()) route();
});

if (session.token()) void start();
else renderSignIn();
