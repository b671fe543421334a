import { randomUUID } from 'node:crypto';

/** Every test makes its own firm, so tests never share state. */
export function newFirmId(): string {
  return randomUUID();
}

let counter = 0;
export function clientInput(
  overrides: Partial<{ kind: 'person' | 'company'; name: string; email: string }> = {},
) {
  counter += 1;
  return {
    kind: 'company' as const,
    name: `Test Client ${counter} ${randomUUID().slice(0, 6)}`,
    ...overrides,
  };
}

export function timeEntryInput(
  matterId: string,
  overrides: Partial<{ workDate: string; minutes: number; narrative: string; billable: boolean }> = {},
) {
  return {
    matterId,
    workDate: '2026-11-20',
    minutes: 42,
    narrative: 'Reviewed the file and drafted a memo',
    billable: true,
    ...overrides,
  };
}

/** What the factories below need of a client: POST with a caller, and the created resource back. */
interface Poster {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the created resource's shape is the spec's to read
  post(url: string, payload?: unknown): Promise<{ status: number; body: any }>;
}

async function created<T>(response: Promise<{ status: number; body: T }>, what: string): Promise<T> {
  const { status, body } = await response;
  if (status !== 201) throw new Error(`creating ${what} answered ${status}: ${JSON.stringify(body)}`);
  return body;
}

/** A client of the caller's firm, created through intake (`serviceClient(intake).as(caller)`). */
export function createClient(
  intake: Poster,
  overrides: Parameters<typeof clientInput>[0] = {},
): Promise<{ id: string; name: string } & Record<string, unknown>> {
  return created(intake.post('/v1/clients', clientInput(overrides)), 'a client');
}

/** A matter (and, unless `clientId` is given, a new client for it) of the caller's firm, through intake. */
export async function createMatter(
  intake: Poster,
  overrides: { clientId?: string; title?: string; practiceArea?: string } & Record<string, unknown> = {},
): Promise<{ id: string; number: string; status: string; clientId: string } & Record<string, unknown>> {
  const clientId = overrides.clientId ?? (await createClient(intake)).id;
  return created(
    intake.post('/v1/matters', { title: `Matter ${randomUUID().slice(0, 6)}`, ...overrides, clientId }),
    'a matter',
  );
}

/** A draft time entry on a matter timekeeping already knows, through timekeeping. */
export function createTimeEntry(
  timekeeping: Poster,
  matterId: string,
  overrides: Parameters<typeof timeEntryInput>[1] & Record<string, unknown> = {},
): Promise<{ id: string; status: string } & Record<string, unknown>> {
  return created(timekeeping.post('/v1/time-entries', timeEntryInput(matterId, overrides)), 'a time entry');
}
