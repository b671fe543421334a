import { randomUUID } from 'node:crypto';

/** Every test makes its own firm, so tests never share state. */
export function newFirmId(): string {
  return randomUUID();
}

let counter = 0;
export function clientInput(overrides: Partial<{ kind: 'person' | 'company'; name: string; email: string }> = {}) {
  counter += 1;
  return { kind: 'company' as const, name: `Test Client ${counter} ${randomUUID().slice(0, 6)}`, ...overrides };
}

export function timeEntryInput(matterId: string, overrides: Partial<{ workDate: string; minutes: number; narrative: string; billable: boolean }> = {}) {
  return { matterId, workDate: '2026-11-20', minutes: 42, narrative: 'Reviewed the file and drafted a memo', billable: true, ...overrides };
}
