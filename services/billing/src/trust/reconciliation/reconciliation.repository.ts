import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TrustAccount } from '../trust-account.entity';
import { TrustEntry } from '../trust-entry.entity';
import {
  TrustReconciliation,
  TrustStatement,
  TrustStatementLine,
  TrustStatementMatch,
} from './reconciliation.entity';

/** Queries of stored statements, matches and signed reconciliations; nothing else. */
@Injectable()
export class ReconciliationRepository {
  /**
   * The account, its row locked for the rest of the transaction: imports, matches and sign-offs of one
   * account take turns, so a sign-off never reads matches another request is changing.
   */
  lockAccount(manager: EntityManager, accountId: string): Promise<TrustAccount | null> {
    return manager
      .getRepository(TrustAccount)
      .createQueryBuilder('account')
      .setLock('pessimistic_write')
      .where('account.id = :accountId', { accountId })
      .getOne();
  }

  statementByHash(
    manager: EntityManager,
    accountId: string,
    contentHash: string,
  ): Promise<TrustStatement | null> {
    return manager.getRepository(TrustStatement).findOne({ where: { accountId, contentHash } });
  }

  statement(manager: EntityManager, id: string): Promise<TrustStatement | null> {
    return manager.getRepository(TrustStatement).findOne({ where: { id } });
  }

  async insertStatement(
    manager: EntityManager,
    statement: TrustStatement,
    lines: TrustStatementLine[],
  ): Promise<void> {
    await manager.getRepository(TrustStatement).insert(statement);
    if (lines.length) await manager.getRepository(TrustStatementLine).insert(lines);
  }

  lines(manager: EntityManager, statementId: string): Promise<TrustStatementLine[]> {
    return manager.getRepository(TrustStatementLine).find({ where: { statementId }, order: { row: 'ASC' } });
  }

  line(manager: EntityManager, statementId: string, lineId: string): Promise<TrustStatementLine | null> {
    return manager.getRepository(TrustStatementLine).findOne({ where: { id: lineId, statementId } });
  }

  /** Every match in the account, with the date of the bank line it clears. */
  async accountMatches(
    manager: EntityManager,
    accountId: string,
  ): Promise<Array<{ match: TrustStatementMatch; lineDate: string }>> {
    const rows = await manager
      .getRepository(TrustStatementMatch)
      .createQueryBuilder('match')
      .innerJoin(TrustStatementLine, 'line', 'line.firm_id = match.firm_id AND line.id = match.line_id')
      .innerJoin(
        TrustStatement,
        'statement',
        'statement.firm_id = line.firm_id AND statement.id = line.statement_id',
      )
      .addSelect('line.line_date', 'line_date')
      .where('statement.account_id = :accountId', { accountId })
      .getRawAndEntities<{ line_date: string }>();
    return rows.entities.map((match, index) => ({ match, lineDate: rows.raw[index].line_date }));
  }

  statementMatches(manager: EntityManager, statementId: string): Promise<TrustStatementMatch[]> {
    return manager.getRepository(TrustStatementMatch).find({ where: { statementId } });
  }

  async insertMatches(manager: EntityManager, matches: TrustStatementMatch[]): Promise<void> {
    if (matches.length) await manager.getRepository(TrustStatementMatch).insert(matches);
  }

  async deleteLineMatches(manager: EntityManager, lineId: string): Promise<void> {
    await manager.getRepository(TrustStatementMatch).delete({ lineId });
  }

  entries(manager: EntityManager, accountId: string, ids: readonly string[]): Promise<TrustEntry[]> {
    return manager
      .getRepository(TrustEntry)
      .createQueryBuilder('entry')
      .where('entry.account_id = :accountId', { accountId })
      .andWhere('entry.id IN (:...ids)', { ids })
      .getMany();
  }

  reconciliationOfPeriod(
    manager: EntityManager,
    accountId: string,
    periodEnd: string,
  ): Promise<TrustReconciliation | null> {
    return manager.getRepository(TrustReconciliation).findOne({ where: { accountId, periodEnd } });
  }

  reconciliationOfStatement(
    manager: EntityManager,
    statementId: string,
  ): Promise<TrustReconciliation | null> {
    return manager.getRepository(TrustReconciliation).findOne({ where: { statementId } });
  }

  reconciliation(manager: EntityManager, id: string): Promise<TrustReconciliation | null> {
    return manager.getRepository(TrustReconciliation).findOne({ where: { id } });
  }

  async insertReconciliation(manager: EntityManager, reconciliation: TrustReconciliation): Promise<void> {
    await manager.getRepository(TrustReconciliation).insert(reconciliation);
  }
}
