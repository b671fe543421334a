import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '@lawfirm/auth';
import type { TimekeeperRepository, Timekeeper } from './timekeeper.repository';
import type { ClassificationService } from './classification.service';
import { TimekeeperService } from './timekeeper.service';

const manager = {} as EntityManager;

function actor(overrides: Partial<Actor> = {}): Actor {
  return {
    firmId: randomUUID(),
    subject: randomUUID(),
    actorType: 'user',
    roles: ['paralegal'],
    scopes: [],
    requestId: randomUUID(),
    correlationId: randomUUID(),
    ...overrides,
  };
}

function keeper(overrides: Partial<Timekeeper> = {}): Timekeeper {
  return {
    id: randomUUID(),
    firmId: randomUUID(),
    userId: null,
    vendorId: null,
    name: 'Ada Lovelace',
    classification: 'AS',
    ledesClassification: 'AS',
    active: true,
    createdAt: new Date(),
    updatedAt: new Date(),
    ...overrides,
  };
}

/** The service over an in-memory set of the firm's timekeepers. */
function serviceWith(...keepers: Timekeeper[]): TimekeeperService {
  const repository = {
    findById: async (_m: EntityManager, id: string) => keepers.find((k) => k.id === id) ?? null,
    findByUser: async (_m: EntityManager, userId: string) => keepers.find((k) => k.userId === userId) ?? null,
  } as unknown as TimekeeperRepository;
  return new TimekeeperService({} as DataSource, repository, {} as ClassificationService);
}

describe('TimekeeperService.resolve', () => {
  it("uses the caller's own profile and its classification when no timekeeper is named", async () => {
    const caller = actor();
    const own = keeper({ userId: caller.subject, classification: 'SRPART', ledesClassification: 'PT' });

    await expect(serviceWith(own).resolve(manager, caller)).resolves.toEqual({
      timekeeperId: own.id,
      classification: 'SRPART',
      ledesClassification: 'PT',
      outsourced: false,
    });
  });

  it('keeps the caller as an unclassified timekeeper when they have no profile', async () => {
    const caller = actor();

    await expect(serviceWith().resolve(manager, caller)).resolves.toEqual({
      timekeeperId: caller.subject,
      classification: null,
      ledesClassification: null,
      outsourced: false,
    });
    await expect(serviceWith().resolve(manager, caller, caller.subject)).resolves.toMatchObject({
      timekeeperId: caller.subject,
    });
  });

  it("refuses the caller's own inactive profile with 422", async () => {
    const caller = actor();

    await expect(
      serviceWith(keeper({ userId: caller.subject, active: false })).resolve(manager, caller),
    ).rejects.toMatchObject({
      kind: 'unprocessable',
      code: 'timekeeper_inactive',
    });
  });

  it('marks vendor staff as outsourced, and any vendor caller', async () => {
    const caller = actor();
    const vendorStaff = keeper({ userId: caller.subject, vendorId: randomUUID(), classification: 'PL' });

    await expect(serviceWith(vendorStaff).resolve(manager, caller)).resolves.toMatchObject({
      outsourced: true,
      classification: 'PL',
    });
    await expect(serviceWith().resolve(manager, actor({ actorType: 'vendor' }))).resolves.toMatchObject({
      outsourced: true,
    });
  });

  it('lets billing, attorneys and firm admins record for another active timekeeper', async () => {
    const other = keeper({ userId: randomUUID(), classification: 'OC' });

    for (const role of ['billing', 'attorney', 'firm-admin']) {
      await expect(
        serviceWith(other).resolve(manager, actor({ roles: [role] }), other.id),
      ).resolves.toMatchObject({
        timekeeperId: other.id,
        classification: 'OC',
      });
    }
  });

  it('refuses a paralegal recording for another timekeeper with 403', async () => {
    const other = keeper({ userId: randomUUID() });

    await expect(
      serviceWith(other).resolve(manager, actor({ roles: ['paralegal'] }), other.id),
    ).rejects.toMatchObject({
      kind: 'forbidden',
      code: 'timekeeper_not_yours',
    });
  });

  it('lets a paralegal name their own profile', async () => {
    const caller = actor({ roles: ['paralegal'] });
    const own = keeper({ userId: caller.subject });

    await expect(serviceWith(own).resolve(manager, caller, own.id)).resolves.toMatchObject({
      timekeeperId: own.id,
    });
  });

  it.each([
    ['an unknown id', () => randomUUID(), 'timekeeper_unknown'],
    ['a string that is no id', () => 'partner-7', 'timekeeper_unknown'],
  ])('refuses %s with 422 naming timekeeperId', async (_label, requested, code) => {
    await expect(
      serviceWith().resolve(manager, actor({ roles: ['firm-admin'] }), requested()),
    ).rejects.toMatchObject({
      kind: 'unprocessable',
      code,
      fieldErrors: [expect.objectContaining({ field: 'timekeeperId' })],
    });
  });

  it('refuses an inactive requested timekeeper with 422 naming timekeeperId', async () => {
    const inactive = keeper({ active: false });

    await expect(
      serviceWith(inactive).resolve(manager, actor({ roles: ['firm-admin'] }), inactive.id),
    ).rejects.toMatchObject({
      kind: 'unprocessable',
      code: 'timekeeper_inactive',
      fieldErrors: [expect.objectContaining({ field: 'timekeeperId' })],
    });
  });
});
