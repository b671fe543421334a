import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { recordChange, type AuditDetails } from '@lawfirm/audit';
import type { Actor } from '@lawfirm/auth';
import { InvoiceCollectionStatusChangedV1, InvoiceWrittenOffV1, type DomainEvent } from '@lawfirm/contracts';
import { withTenant } from '@lawfirm/database';
import { ValidationFailedError, type FieldError } from '@lawfirm/errors';
import { minorAmountFromDb } from '@lawfirm/primitives';
import { PaymentsService, type InvoiceStanding } from '../payments/payments.service';
import { checkTransition, type CollectionChange } from './collections.rules';
import {
  CollectionStatusUnchangedError,
  CollectionTransitionNotAllowedError,
  InvoiceSettledError,
  PromiseExceedsOpenError,
} from './collections.exception';
import { CollectionsRepository } from './collections.repository';
import type { CollectionStatusView, SetCollectionStatusDto } from './dto/collections.dto';
import type { InvoiceCollection } from './invoice-collection.entity';

/**
 * Collections: where chasing each issued invoice stands (promised, disputed, in collections, written off).
 * A write-off writes the open balance off in the payments ledger, so the open amount and aging see it.
 * Every change holds the client's payment lock, so it never races a payment or a credit note.
 */
@Injectable()
export class CollectionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly collections: CollectionsRepository,
    private readonly payments: PaymentsService,
  ) {}

  async get(actor: Actor, invoiceId: string): Promise<CollectionStatusView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const standing = await this.payments.invoiceStanding(manager, actor, invoiceId, false);
      return view(standing, await this.collections.find(manager, invoiceId));
    });
  }

  /** Moves an invoice to a collections status (validated transition; audited and evented). */
  async setStatus(
    actor: Actor,
    invoiceId: string,
    input: SetCollectionStatusDto,
  ): Promise<CollectionStatusView> {
    const problems = fieldProblems(input);
    if (problems.length) throw new ValidationFailedError(problems);
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const standing = await this.payments.invoiceStanding(manager, actor, invoiceId, true);
      const before = await this.collections.find(manager, invoiceId);
      const current: CollectionChange = {
        status: before?.status ?? 'none',
        promisedOn: before?.promisedOn ?? null,
        promisedMinor:
          before?.promisedMinor === null || !before ? null : minorAmountFromDb(before.promisedMinor),
        disputeReason: before?.disputeReason ?? null,
      };
      const next: CollectionChange = {
        status: input.status,
        promisedOn: input.promisedOn ?? null,
        promisedMinor: input.promisedAmountMinor ?? null,
        disputeReason: input.disputeReason ?? null,
      };
      const problem = checkTransition(current, next, standing.openMinor);
      if (problem)
        switch (problem.problem) {
          case 'not-allowed':
            throw new CollectionTransitionNotAllowedError(problem.from, problem.to, problem.allowed);
          case 'unchanged':
            throw new CollectionStatusUnchangedError(current.status);
          case 'settled':
            throw new InvoiceSettledError();
          case 'promise-exceeds-open':
            throw new PromiseExceedsOpenError(problem.openMinor);
        }
      const now = new Date();
      const events: DomainEvent[] = [];
      let writeOff: { entryId: string; amountMinor: number } | null = null;
      const writtenOffOn = input.writtenOffOn ?? now.toISOString().slice(0, 10);
      if (input.status === 'written-off') {
        writeOff = await this.payments.writeOffOpenBalance(
          manager,
          actor,
          standing,
          writtenOffOn,
          input.note ?? '',
        );
        events.push({
          type: InvoiceWrittenOffV1.type,
          aggregateId: invoiceId,
          data: {
            invoiceId,
            invoiceNumber: standing.number,
            clientId: standing.clientId,
            entryId: writeOff.entryId,
            amountMinor: writeOff.amountMinor,
            currency: standing.currency,
            writtenOffOn,
            reason: input.note ?? '',
            recordedAt: now.toISOString(),
          },
        });
      }
      const row: InvoiceCollection = {
        firmId: actor.firmId,
        invoiceId,
        status: input.status,
        promisedOn: next.promisedOn ?? null,
        promisedMinor:
          next.promisedMinor === null || next.promisedMinor === undefined ? null : String(next.promisedMinor),
        disputeReason: next.disputeReason ?? null,
        note: input.note ?? null,
        writeOffEntryId: writeOff?.entryId ?? null,
        updatedBy: actor.subject,
        updatedAt: now,
      };
      await this.collections.save(manager, row);
      const openAfter = standing.openMinor - (writeOff?.amountMinor ?? 0);
      events.unshift({
        type: InvoiceCollectionStatusChangedV1.type,
        aggregateId: invoiceId,
        data: {
          invoiceId,
          invoiceNumber: standing.number,
          clientId: standing.clientId,
          previousStatus: current.status,
          status: input.status,
          promisedOn: row.promisedOn,
          promisedMinor: next.promisedMinor ?? null,
          disputeReason: row.disputeReason,
          note: row.note,
          openMinor: openAfter,
          currency: standing.currency,
          changedAt: now.toISOString(),
        },
      });
      await recordChange(manager, actor, {
        action: input.status === 'written-off' ? 'invoice.written-off' : 'invoice.collection-status-changed',
        resourceType: 'invoice',
        resourceId: invoiceId,
        details: {
          previousStatus: current.status,
          status: input.status,
          promisedOn: row.promisedOn,
          promisedMinor: next.promisedMinor ?? null,
          disputeReason: row.disputeReason,
          note: row.note,
          writtenOffMinor: writeOff?.amountMinor ?? null,
          writeOffEntryId: writeOff?.entryId ?? null,
        } satisfies AuditDetails,
        events,
      });
      return view(
        {
          ...standing,
          openMinor: openAfter,
          writtenOffMinor: standing.writtenOffMinor + (writeOff?.amountMinor ?? 0),
        },
        row,
      );
    });
  }

  /** Collections statuses of invoices, in the caller's transaction (for reminders and late charges). */
  statuses(manager: EntityManager, invoiceIds: readonly string[]): Promise<Map<string, InvoiceCollection>> {
    return this.collections.findMany(manager, invoiceIds);
  }
}

/** Which fields each status needs and which it does not take. */
function fieldProblems(input: SetCollectionStatusDto): FieldError[] {
  const problems: FieldError[] = [];
  const onlyWith = (field: keyof SetCollectionStatusDto, status: string): void => {
    if (input[field] !== undefined && input.status !== status)
      problems.push({ field, message: `${field} is only taken with status ${status}` });
  };
  const required = (field: keyof SetCollectionStatusDto, status: string, why: string): void => {
    if (input.status === status && input[field] === undefined)
      problems.push({ field, message: `${field} is required with status ${status}: ${why}` });
  };
  onlyWith('promisedOn', 'promised');
  onlyWith('promisedAmountMinor', 'promised');
  onlyWith('disputeReason', 'disputed');
  onlyWith('writtenOffOn', 'written-off');
  required('promisedOn', 'promised', 'the day the client promised to pay');
  required('promisedAmountMinor', 'promised', 'how much was promised');
  required('disputeReason', 'disputed', 'what the client disputes');
  required('note', 'written-off', 'the reason for the write-off');
  return problems;
}

function view(standing: InvoiceStanding, row: InvoiceCollection | null): CollectionStatusView {
  return {
    invoiceId: standing.invoiceId,
    number: standing.number,
    clientId: standing.clientId,
    status: row?.status ?? 'none',
    promisedOn: row?.promisedOn ?? null,
    promisedAmountMinor: row?.promisedMinor ? minorAmountFromDb(row.promisedMinor) : null,
    disputeReason: row?.disputeReason ?? null,
    note: row?.note ?? null,
    writeOffEntryId: row?.writeOffEntryId ?? null,
    currency: standing.currency,
    dueDate: standing.dueDate,
    openMinor: standing.openMinor,
    writtenOffMinor: standing.writtenOffMinor,
    updatedAt: row?.updatedAt.toISOString() ?? null,
  };
}
