import type { DomainServiceName } from './services';

/**
 * The HTTP manifest: which service owns which public path, and how large a request body each
 * path accepts. The gateway routes and limits by it, each service sets its own body limits from
 * it, and the tests check that every route a service declares is reachable through it.
 *
 * Paths are written as the API documents them: `:name` matches one segment; a rule with `prefix`
 * also owns everything below it. When several rules match, the most specific wins (an exact path
 * over a prefix; then the one with more literal segments), so the order of this list never matters.
 */
export interface HttpRouteRule {
  service: DomainServiceName;
  /** The path, or the path and everything below it when `prefix` is true. */
  path: string;
  prefix?: boolean;
  /** Bodies up to this size on this path (default `DEFAULT_BODY_LIMIT_BYTES`). */
  bodyLimitBytes?: number;
  /** Why the path belongs where it does, when that is not obvious. */
  note?: string;
  /**
   * A multipart/form-data body on this path is passed on as a stream, never parsed or buffered by
   * the gateway (held to `bodyLimitBytes` as it streams); any other body is held to the default.
   */
  streamedBody?: boolean;
}

/** Every request body may be this large unless its path says otherwise. */
export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;

/** Bulk time import: 10,000 rows of JSON (about 250 bytes each) with room for long narratives; a larger batch answers 413. */
export const BATCH_IMPORT_BODY_LIMIT_BYTES = 16 * 1024 * 1024;

/** A LEDES file sent to be validated: about 20,000 lines of 1998BI (some 400 bytes each); larger answers 413. */
export const LEDES_FILE_BODY_LIMIT_BYTES = 8 * 1024 * 1024;

/**
 * A document upload (one file, multipart/form-data): the document service's own ceiling
 * (`DOCUMENT_MAX_UPLOAD_BYTES`, 2 GiB) plus room for the multipart framing. Streamed, never buffered.
 */
export const DOCUMENT_UPLOAD_BODY_LIMIT_BYTES = 2 * 1024 * 1024 * 1024 + 64 * 1024;

export const HTTP_ROUTES: readonly HttpRouteRule[] = [
  ...[
    '/v1/clients',
    '/v1/matters',
    '/v1/conflict-checks',
    '/v1/leads',
    '/v1/lead-stages',
    '/v1/lead-routing-rules',
  ].map((path): HttpRouteRule => ({ service: 'intake', path, prefix: true })),
  ...[
    '/v1/time-entries',
    '/v1/timekeepers',
    '/v1/timekeeper-classifications',
    '/v1/timers',
    '/v1/expenses',
    '/v1/utbms-codes',
  ].map((path): HttpRouteRule => ({ service: 'timekeeping', path, prefix: true })),
  {
    service: 'timekeeping',
    path: '/v1/time-entries:batch',
    bodyLimitBytes: BATCH_IMPORT_BODY_LIMIT_BYTES,
    note: 'bulk import, a custom method in the Google API style',
  },
  {
    service: 'timekeeping',
    path: '/v1/clients/:clientId/billing-guidelines',
    prefix: true,
    note: "a client's billing guidelines are evaluated by timekeeping at entry time",
  },
  { service: 'billing', path: '/v1/matters/:matterId/wip' },
  ...[
    '/v1/matters/:matterId/triggers',
    '/v1/matters/:matterId/deadlines',
    '/v1/matters/:matterId/court-events',
    '/v1/matters/:matterId/tasks',
    '/v1/matters/:matterId/work-orders',
  ].map((path): HttpRouteRule => ({
    service: 'docket',
    path,
    note: "a matter's triggers, deadlines, court events, tasks and work orders are docket's",
  })),
  ...[
    '/v1/triggers',
    '/v1/deadlines',
    '/v1/rule-sets',
    '/v1/court-closures',
    '/v1/court-events',
    '/v1/reminder-rules',
    '/v1/reminders',
    '/v1/calendar-feeds',
    '/v1/tasks',
    '/v1/work-orders',
    '/v1/vendor-performance',
  ].map((path): HttpRouteRule => ({
    service: 'docket',
    path,
    prefix: true,
  })),
  { service: 'billing', path: '/v1/ledes', prefix: true },
  {
    service: 'billing',
    path: '/v1/clients/:clientId/ebilling-profile',
    note: "a client's LEDES ids and required UTBMS codes are billing's",
  },
  { service: 'billing', path: '/v1/billing-letterhead' },
  {
    service: 'billing',
    path: '/v1/ledes/validate',
    bodyLimitBytes: LEDES_FILE_BODY_LIMIT_BYTES,
    note: 'a whole LEDES file as text/plain',
  },
  { service: 'billing', path: '/v1/matters/:matterId/billing-terms' },
  { service: 'billing', path: '/v1/billing-terms', note: "the firm's default payment terms" },
  { service: 'billing', path: '/v1/tax-rates' },
  ...['/v1/clients/:clientId/tax-setting', '/v1/matters/:matterId/tax-setting'].map(
    (path): HttpRouteRule => ({
      service: 'billing',
      path,
      note: 'which tax a client’s or matter’s work bears',
    }),
  ),
  { service: 'billing', path: '/v1/trust', prefix: true, note: 'trust (IOLTA) accounts, ledgers, entries' },
  ...[
    '/v1/rate-rules',
    '/v1/pre-bills',
    '/v1/invoices',
    '/v1/credit-notes',
    '/v1/invoice-numbering',
    '/v1/payments',
    '/v1/client-credits',
    '/v1/receivables',
    '/v1/billing-reports',
    '/v1/collections',
  ].map((path): HttpRouteRule => ({ service: 'billing', path, prefix: true })),
  ...['/v1/matters/:matterId/documents', '/v1/documents/:documentId/versions'].map((path): HttpRouteRule => ({
    service: 'document',
    path,
    bodyLimitBytes: DOCUMENT_UPLOAD_BODY_LIMIT_BYTES,
    streamedBody: true,
    note: 'file uploads (multipart/form-data), streamed through the gateway',
  })),
  ...[
    '/v1/matters/:matterId/folders',
    '/v1/matters/:matterId/destructions',
    '/v1/matters/:matterId/bates',
    '/v1/matters/:matterId/productions',
    '/v1/matters/:matterId/reviews',
    '/v1/matters/:matterId/privilege-log.csv',
    '/v1/matters/:matterId/holds',
    '/v1/matters/:matterId/generated-documents',
  ].map((path): HttpRouteRule => ({
    service: 'document',
    path,
    note: "a matter's folders, documents, review, productions and holds are document's",
  })),
  ...['/v1/documents', '/v1/productions', '/v1/holds', '/v1/document-keys'].map((path): HttpRouteRule => ({
    service: 'document',
    path,
    prefix: true,
  })),
];

interface CompiledRule {
  rule: HttpRouteRule;
  pattern: RegExp;
  specificity: number;
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function compile(rule: HttpRouteRule): CompiledRule {
  const segments = rule.path.split('/').filter(Boolean);
  const body = segments
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : escapeRegExp(segment)))
    .join('/');
  const literalSegments = segments.filter((segment) => !segment.startsWith(':')).length;
  return {
    rule,
    pattern: new RegExp(`^/${body}${rule.prefix ? '(?:/.*)?' : '/?'}$`),
    specificity: (rule.prefix ? 0 : 1_000) + literalSegments * 10 + segments.length,
  };
}

const COMPILED: readonly CompiledRule[] = HTTP_ROUTES.map(compile).sort(
  (a, b) => b.specificity - a.specificity,
);

/** The rule that owns `path` (no query string), or undefined when no service does. */
export function httpRouteFor(path: string): HttpRouteRule | undefined {
  return COMPILED.find((compiled) => compiled.pattern.test(path))?.rule;
}

/** The service that owns `path`, or undefined when none does. */
export function serviceForPath(path: string): DomainServiceName | undefined {
  return httpRouteFor(path)?.service;
}

/** The largest body accepted on `path`. */
export function bodyLimitFor(path: string): number {
  return httpRouteFor(path)?.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
}

/** Whether a multipart/form-data body on `path` is streamed through rather than parsed. */
export function streamsBodyOn(path: string): boolean {
  return httpRouteFor(path)?.streamedBody === true;
}

/** The paths of `service` that take larger bodies than the default, with their limits. */
export function largeBodyRoutesOf(
  service: DomainServiceName,
): ReadonlyArray<{ path: string; bodyLimitBytes: number }> {
  return HTTP_ROUTES.flatMap((rule) =>
    rule.service === service && rule.bodyLimitBytes !== undefined
      ? [{ path: rule.path, bodyLimitBytes: rule.bodyLimitBytes }]
      : [],
  );
}
