import type { DataSource, EntityManager } from 'typeorm';
import type { OutsourcingScope } from '@lawfirm/contracts';
import type { ClientService } from '../clients/client.service';
import { ConsentRow } from './consent.entity';
import { ConsentRepository } from './consent.repository';
import { ConsentService } from './consent.service';

const CLIENT = '0194f3a0-0000-7000-8000-000000000001';
const OTHER_CLIENT = '0194f3a0-0000-7000-8000-000000000002';
const VENDOR_A = '0194f3a0-0000-7000-8000-00000000000a';
const VENDOR_B = '0194f3a0-0000-7000-8000-00000000000b';

interface StoredConsent {
  clientId?: string;
  scopes: OutsourcingScope[];
  vendorIds?: string[] | null;
  revoked?: boolean;
}

/** Stands in for a firm-scoped transaction: answers the repository's consent reads from memory. */
function fakeManager(stored: StoredConsent[]): EntityManager & { find: jest.Mock } {
  const rows: ConsentRow[] = stored.map((consent, index) => ({
    id: `0194f3a0-0000-7000-8000-1000000000${String(index).padStart(2, '0')}`,
    firmId: '0194f3a0-0000-7000-8000-ffffffffffff',
    clientId: consent.clientId ?? CLIENT,
    scopes: consent.scopes,
    vendorIds: consent.vendorIds ?? null,
    givenOn: '2026-01-15',
    method: 'written',
    documentRef: null,
    grantedBy: 'attorney-1',
    createdAt: new Date('2026-01-15T10:00:00Z'),
    revokedAt: consent.revoked ? new Date('2026-02-01T10:00:00Z') : null,
    revokedBy: consent.revoked ? 'attorney-1' : null,
    revocationReason: consent.revoked ? 'Client withdrew consent' : null,
  }));
  const find = jest.fn(async (entity: unknown, options: { where: { clientId: string } }) => {
    if (entity !== ConsentRow) throw new Error('unexpected entity');
    return rows.filter((row) => row.clientId === options.where.clientId);
  });
  return { find } as unknown as EntityManager & { find: jest.Mock };
}

describe('ConsentService.activeConsentFor', () => {
  const service = new ConsentService({} as DataSource, new ConsentRepository(), {} as ClientService);

  it('answers yes when an active consent lists the scope and allows any approved vendor', async () => {
    const manager = fakeManager([{ scopes: ['document-review', 'billing'] }]);

    await expect(service.activeConsentFor(manager, CLIENT, 'billing', VENDOR_A)).resolves.toBe(true);
    await expect(service.activeConsentFor(manager, CLIENT, 'billing')).resolves.toBe(true);
  });

  it('answers no when no consent lists the scope', async () => {
    const manager = fakeManager([
      { scopes: ['document-review'] },
      { scopes: ['billing'], vendorIds: [VENDOR_A] },
    ]);

    await expect(service.activeConsentFor(manager, CLIENT, 'drafting', VENDOR_A)).resolves.toBe(false);
  });

  it('answers no when the only consent covering the work was revoked', async () => {
    const manager = fakeManager([{ scopes: ['research'], revoked: true }, { scopes: ['billing'] }]);

    await expect(service.activeConsentFor(manager, CLIENT, 'research', VENDOR_A)).resolves.toBe(false);
  });

  it('answers yes only for the vendors a vendor-specific consent names', async () => {
    const manager = fakeManager([{ scopes: ['e-discovery'], vendorIds: [VENDOR_A] }]);

    await expect(service.activeConsentFor(manager, CLIENT, 'e-discovery', VENDOR_A)).resolves.toBe(true);
    await expect(
      service.activeConsentFor(manager, CLIENT, 'e-discovery', VENDOR_A.toUpperCase()),
    ).resolves.toBe(true);
    await expect(service.activeConsentFor(manager, CLIENT, 'e-discovery', VENDOR_B)).resolves.toBe(false);
  });

  it('answers no without a vendor when every covering consent names specific vendors', async () => {
    const manager = fakeManager([{ scopes: ['transcription'], vendorIds: [VENDOR_A, VENDOR_B] }]);

    await expect(service.activeConsentFor(manager, CLIENT, 'transcription')).resolves.toBe(false);
  });

  it('answers yes when one of several consents covers the work though others do not', async () => {
    const manager = fakeManager([
      { scopes: ['drafting'], revoked: true },
      { scopes: ['drafting'], vendorIds: [VENDOR_B] },
      { scopes: ['research'] },
      { scopes: ['drafting', 'research'], vendorIds: [VENDOR_A] },
    ]);

    await expect(service.activeConsentFor(manager, CLIENT, 'drafting', VENDOR_A)).resolves.toBe(true);
  });

  it("answers no for a client whose only consents belong to another client's record", async () => {
    const manager = fakeManager([{ clientId: OTHER_CLIENT, scopes: ['paralegal-support'] }]);

    await expect(service.activeConsentFor(manager, CLIENT, 'paralegal-support', VENDOR_A)).resolves.toBe(
      false,
    );
    await expect(
      service.activeConsentFor(manager, OTHER_CLIENT, 'paralegal-support', VENDOR_A),
    ).resolves.toBe(true);
    expect(manager.find).toHaveBeenCalledWith(
      ConsentRow,
      expect.objectContaining({ where: { clientId: CLIENT } }),
    );
  });
});
