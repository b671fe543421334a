import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CursorPosition } from '@lawfirm/platform';
import { TrustAccount } from './trust-account.entity';
import { TrustEntry } from './trust-entry.entity';
import { TrustLedger } from './trust-ledger.entity';

export interface LedgerWithUncleared {
  ledger: TrustLedger;
  unclearedMinor: number;
}

@Injectable()
export class TrustRepository {
  async insertAccount(manager: EntityManager, account: TrustAccount, firmFunds: TrustLedger): Promise<void> {
    await manager.insert(TrustAccount, account);
    await manager.insert(TrustLedger, firmFunds);
  }

  findAccount(manager: EntityManager, id: string): Promise<TrustAccount | null> {
    return manager.getRepository(TrustAccount).findOne({ where: { id } });
  }

  /** Per account: the sum of its client ledgers and its firm funds line. */
  async balancesByAccount(
    manager: EntityManager,
    accountIds: readonly string[],
  ): Promise<Map<string, { clientLedgersMinor: number; firmFundsMinor: number }>> {
    const totals = new Map<string, { clientLedgersMinor: number; firmFundsMinor: number }>();
    if (!accountIds.length) return totals;
    const rows = await manager
      .getRepository(TrustLedger)
      .createQueryBuilder('ledger')
      .select('ledger.account_id', 'accountId')
      .addSelect('ledger.kind', 'kind')
      .addSelect('SUM(ledger.balance_minor)', 'balanceMinor')
      .where('ledger.account_id IN (:...accountIds)', { accountIds: [...accountIds] })
      .groupBy('ledger.account_id')
      .addGroupBy('ledger.kind')
      .getRawMany<{ accountId: string; kind: string; balanceMinor: string }>();
    for (const accountId of accountIds) totals.set(accountId, { clientLedgersMinor: 0, firmFundsMinor: 0 });
    for (const row of rows) {
      const total = totals.get(row.accountId);
      if (!total) continue;
      if (row.kind === 'client') total.clientLedgersMinor += Number(row.balanceMinor);
      else total.firmFundsMinor += Number(row.balanceMinor);
    }
    return totals;
  }

  listAccounts(manager: EntityManager): Promise<TrustAccount[]> {
    return manager
      .getRepository(TrustAccount)
      .createQueryBuilder('account')
      .orderBy('account.created_at')
      .addOrderBy('account.id')
      .getMany();
  }

  async updateHoldDays(manager: EntityManager, id: string, holdDays: number): Promise<void> {
    await manager.getRepository(TrustAccount).update({ id }, { holdDays });
  }

  /** Makes the matter's ledger in the account if it has none (a concurrent maker wins quietly). */
  async ensureLedger(manager: EntityManager, ledger: TrustLedger): Promise<void> {
    await manager.createQueryBuilder().insert().into(TrustLedger).values(ledger).orIgnore().execute();
  }

  /**
   * The ledger's balance row, locked until commit: every movement on the ledger takes this lock, so two
   * disbursements never both see the same balance. `matterId` null is the firm's funds line.
   */
  lockLedger(
    manager: EntityManager,
    accountId: string,
    matterId: string | null,
  ): Promise<TrustLedger | null> {
    const query = manager
      .getRepository(TrustLedger)
      .createQueryBuilder('ledger')
      .where('ledger.account_id = :accountId', { accountId })
      .setLock('pessimistic_write');
    if (matterId === null) query.andWhere("ledger.kind = 'firm-funds'");
    else query.andWhere('ledger.matter_id = :matterId', { matterId });
    return query.getOne();
  }

  /**
   * The matter's ledger locked as `lockLedger` does, read in the same statement as its account (which is
   * not locked): one round trip for what a disbursement needs before it checks the funds.
   */
  async lockLedgerWithAccount(
    manager: EntityManager,
    accountId: string,
    matterId: string,
  ): Promise<{ ledger: TrustLedger; account: TrustAccount } | null> {
    const row = await manager
      .getRepository(TrustLedger)
      .createQueryBuilder('ledger')
      .innerJoinAndMapOne(
        'ledger.account',
        TrustAccount,
        'account',
        'account.firm_id = ledger.firm_id AND account.id = ledger.account_id',
      )
      .where('ledger.account_id = :accountId', { accountId })
      .andWhere('ledger.matter_id = :matterId', { matterId })
      .setLock('pessimistic_write', undefined, ['ledger'])
      .getOne();
    if (!row) return null;
    const { account, ...ledger } = row as TrustLedger & { account: TrustAccount };
    return { ledger, account };
  }

  lockLedgerById(manager: EntityManager, ledgerId: string): Promise<TrustLedger | null> {
    return manager
      .getRepository(TrustLedger)
      .createQueryBuilder('ledger')
      .where('ledger.id = :ledgerId', { ledgerId })
      .setLock('pessimistic_write')
      .getOne();
  }

  /** Deposits on the ledger that clear after `today` and are not reversed. */
  async unclearedMinor(manager: EntityManager, ledgerId: string, today: string): Promise<number> {
    const row = await this.unclearedQuery(manager, today)
      .andWhere('entry.ledger_id = :ledgerId', { ledgerId })
      .getRawOne<{ unclearedMinor: string | null }>();
    return Number(row?.unclearedMinor ?? 0);
  }

  /**
   * The entry and its ledger's new balance in one statement: a data-modifying WITH, which TypeORM cannot
   * say, so the locked ledger waits one round trip less (bench/trust.ts). The ledger's CHECK still
   * refuses a negative balance and the entry's foreign keys are checked at the end of the statement.
   */
  async writeEntry(
    manager: EntityManager,
    entry: TrustEntry,
    ledger: { id: string; balanceMinor: number; belowMinimum: boolean; updatedAt: Date },
  ): Promise<void> {
    await manager.query(
      `WITH entry AS (
         INSERT INTO trust_entries (firm_id, id, account_id, ledger_id, kind, amount_minor, currency, entry_date,
           cleared_on, counterparty, method, reference, invoice_id, payment_id, reverses_entry_id, memo,
           balance_after_minor, recorded_by, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19))
       UPDATE trust_ledgers SET balance_minor = $20, below_minimum = $21, updated_at = $22
        WHERE firm_id = $1 AND id = $4`,
      [
        entry.firmId,
        entry.id,
        entry.accountId,
        entry.ledgerId,
        entry.kind,
        entry.amountMinor,
        entry.currency,
        entry.entryDate,
        entry.clearedOn,
        entry.counterparty,
        entry.method,
        entry.reference,
        entry.invoiceId,
        entry.paymentId,
        entry.reversesEntryId,
        entry.memo,
        entry.balanceAfterMinor,
        entry.recordedBy,
        entry.recordedAt,
        String(ledger.balanceMinor),
        ledger.belowMinimum,
        ledger.updatedAt,
      ],
    );
  }

  async updateMinimum(
    manager: EntityManager,
    ledgerId: string,
    minimumMinor: number | null,
    belowMinimum: boolean,
  ): Promise<void> {
    await manager.getRepository(TrustLedger).update(
      { id: ledgerId },
      {
        minimumBalanceMinor: minimumMinor === null ? null : String(minimumMinor),
        belowMinimum,
        updatedAt: new Date(),
      },
    );
  }

  findEntry(manager: EntityManager, id: string): Promise<TrustEntry | null> {
    return manager.getRepository(TrustEntry).findOne({ where: { id } });
  }

  reversalOf(manager: EntityManager, entryId: string): Promise<TrustEntry | null> {
    return manager.getRepository(TrustEntry).findOne({ where: { reversesEntryId: entryId } });
  }

  async reversalsOf(manager: EntityManager, entryIds: readonly string[]): Promise<Map<string, string>> {
    if (!entryIds.length) return new Map();
    const rows = await manager
      .getRepository(TrustEntry)
      .createQueryBuilder('entry')
      .where('entry.reverses_entry_id IN (:...entryIds)', { entryIds: [...entryIds] })
      .getMany();
    return new Map(rows.map((row) => [row.reversesEntryId ?? '', row.id]));
  }

  ledgersById(manager: EntityManager, ledgerIds: readonly string[]): Promise<TrustLedger[]> {
    if (!ledgerIds.length) return Promise.resolve([]);
    return manager
      .getRepository(TrustLedger)
      .createQueryBuilder('ledger')
      .where('ledger.id IN (:...ledgerIds)', { ledgerIds: [...ledgerIds] })
      .getMany();
  }

  /** Ledgers (of an account, or of some matters across accounts) with their uncleared deposits. */
  async ledgers(
    manager: EntityManager,
    filter: { accountId?: string; matterIds?: readonly string[] },
    today: string,
  ): Promise<LedgerWithUncleared[]> {
    const query = manager
      .getRepository(TrustLedger)
      .createQueryBuilder('ledger')
      .orderBy('ledger.kind')
      .addOrderBy('ledger.created_at')
      .addOrderBy('ledger.id');
    if (filter.accountId) query.andWhere('ledger.account_id = :accountId', { accountId: filter.accountId });
    if (filter.matterIds) {
      if (!filter.matterIds.length) return [];
      query.andWhere('ledger.matter_id IN (:...matterIds)', { matterIds: [...filter.matterIds] });
    }
    const ledgers = await query.getMany();
    if (!ledgers.length) return [];
    const rows = await this.unclearedQuery(manager, today)
      .addSelect('entry.ledger_id', 'ledgerId')
      .andWhere('entry.ledger_id IN (:...ledgerIds)', { ledgerIds: ledgers.map((ledger) => ledger.id) })
      .groupBy('entry.ledger_id')
      .getRawMany<{ ledgerId: string; unclearedMinor: string }>();
    const uncleared = new Map(rows.map((row) => [row.ledgerId, Number(row.unclearedMinor)]));
    return ledgers.map((ledger) => ({ ledger, unclearedMinor: uncleared.get(ledger.id) ?? 0 }));
  }

  /**
   * Each client ledger of the matters, in every account, with the sum of its entries dated up to `asOf`:
   * what it held at the end of that day, whatever was recorded for later days since.
   */
  async matterHoldingsAt(
    manager: EntityManager,
    matterIds: readonly string[],
    asOf: string,
  ): Promise<Array<{ accountId: string; matterId: string; heldMinor: number }>> {
    if (!matterIds.length) return [];
    const rows = await manager
      .getRepository(TrustLedger)
      .createQueryBuilder('ledger')
      .select('ledger.account_id', 'accountId')
      .addSelect('ledger.matter_id', 'matterId')
      .addSelect(
        'COALESCE((SELECT SUM(entry.amount_minor) FROM trust_entries entry WHERE entry.firm_id = ledger.firm_id AND entry.ledger_id = ledger.id AND entry.entry_date <= :asOf), 0)',
        'heldMinor',
      )
      .where("ledger.kind = 'client'")
      .andWhere('ledger.matter_id IN (:...matterIds)', { matterIds: [...matterIds] })
      .setParameter('asOf', asOf)
      .getRawMany<{ accountId: string; matterId: string; heldMinor: string }>();
    return rows.map((row) => ({ ...row, heldMinor: Number(row.heldMinor) }));
  }

  /** Entries, newest first, of an account or a matter. */
  listEntries(
    manager: EntityManager,
    filter: { accountId?: string; matterId?: string },
    limit: number,
    after?: CursorPosition,
  ): Promise<TrustEntry[]> {
    const query = manager
      .getRepository(TrustEntry)
      .createQueryBuilder('entry')
      .orderBy('entry.recorded_at', 'DESC')
      .addOrderBy('entry.id', 'DESC')
      .limit(limit + 1);
    if (filter.accountId) query.andWhere('entry.account_id = :accountId', { accountId: filter.accountId });
    if (filter.matterId)
      query.innerJoin(
        TrustLedger,
        'ledger',
        'ledger.firm_id = entry.firm_id AND ledger.id = entry.ledger_id AND ledger.matter_id = :matterId',
        { matterId: filter.matterId },
      );
    if (after)
      query.andWhere(
        "(date_trunc('milliseconds', entry.recorded_at), entry.id) < (:sortKey::timestamptz, :id::uuid)",
        after,
      );
    return query.getMany();
  }

  /** The account's entries dated up to `periodEnd`, as reconciliation reads them. */
  async entriesUpTo(
    manager: EntityManager,
    accountId: string,
    periodEnd: string,
  ): Promise<
    Array<{ id: string; ledgerId: string; entryDate: string; amountMinor: number; reference: string | null }>
  > {
    const rows = await manager
      .getRepository(TrustEntry)
      .createQueryBuilder('entry')
      .where('entry.account_id = :accountId', { accountId })
      .andWhere('entry.entry_date <= :periodEnd', { periodEnd })
      .orderBy('entry.entry_date')
      .addOrderBy('entry.recorded_at')
      .getMany();
    return rows.map((row) => ({
      id: row.id,
      ledgerId: row.ledgerId,
      entryDate: row.entryDate,
      amountMinor: Number(row.amountMinor),
      reference: row.reference,
    }));
  }

  /**
   * Each ledger's stored balance taken back to `periodEnd` (less the entries dated after it): what the
   * ledger row says, to be compared with the entries themselves.
   */
  async ledgerBalancesAt(
    manager: EntityManager,
    accountId: string,
    periodEnd: string,
  ): Promise<Array<{ id: string; kind: 'client' | 'firm-funds'; balanceMinor: number }>> {
    const rows = await manager
      .getRepository(TrustLedger)
      .createQueryBuilder('ledger')
      .select('ledger.id', 'id')
      .addSelect('ledger.kind', 'kind')
      .addSelect(
        'ledger.balance_minor - COALESCE((SELECT SUM(later.amount_minor) FROM trust_entries later WHERE later.firm_id = ledger.firm_id AND later.ledger_id = ledger.id AND later.entry_date > :periodEnd), 0)',
        'balanceMinor',
      )
      .where('ledger.account_id = :accountId', { accountId })
      .setParameter('periodEnd', periodEnd)
      .getRawMany<{ id: string; kind: 'client' | 'firm-funds'; balanceMinor: string }>();
    return rows.map((row) => ({ id: row.id, kind: row.kind, balanceMinor: Number(row.balanceMinor) }));
  }

  /** Entries of an account (or one matter's ledger in it) dated in [from, to], oldest first, with their ledgers. */
  async entriesForReport(
    manager: EntityManager,
    filter: { accountId: string; matterId?: string; from: string; to: string },
  ): Promise<Array<{ entry: TrustEntry; ledger: TrustLedger }>> {
    const query = manager
      .getRepository(TrustEntry)
      .createQueryBuilder('entry')
      .innerJoinAndMapOne(
        'entry.ledger',
        TrustLedger,
        'ledger',
        'ledger.firm_id = entry.firm_id AND ledger.id = entry.ledger_id',
      )
      .where('entry.account_id = :accountId', { accountId: filter.accountId })
      .andWhere('entry.entry_date BETWEEN :from AND :to', { from: filter.from, to: filter.to })
      .orderBy('entry.entry_date')
      .addOrderBy('entry.recorded_at')
      .addOrderBy('entry.id');
    if (filter.matterId) query.andWhere('ledger.matter_id = :matterId', { matterId: filter.matterId });
    const rows = await query.getMany();
    return rows.map((row) => ({ entry: row, ledger: (row as TrustEntry & { ledger: TrustLedger }).ledger }));
  }

  private unclearedQuery(manager: EntityManager, today: string) {
    return manager
      .getRepository(TrustEntry)
      .createQueryBuilder('entry')
      .select('SUM(entry.amount_minor)', 'unclearedMinor')
      .where("entry.kind = 'deposit'")
      .andWhere('entry.cleared_on > :today', { today })
      .andWhere(
        'NOT EXISTS (SELECT 1 FROM trust_entries reversal WHERE reversal.firm_id = entry.firm_id AND reversal.reverses_entry_id = entry.id)',
      );
  }
}
