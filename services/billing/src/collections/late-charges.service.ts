import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { recordChange, type ChangeCaller } from '@lawfirm/audit';
import type { Actor } from '@lawfirm/auth';
import { InvoiceLateChargedV1 } from '@lawfirm/contracts';
import { withTenant } from '@lawfirm/database';
import { NotFoundError, ValidationFailedError, type FieldError } from '@lawfirm/errors';
import { minorAmountFromDb } from '@lawfirm/primitives';
import { PaymentsService } from '../payments/payments.service';
import { CollectionsRepository } from './collections.repository';
import type {
  LateChargeRunView,
  LateChargeTermsDto,
  LateChargeTermsView,
  LateChargeView,
} from './dto/late-charges.dto';
import {
  FIRM_DEFAULT_MATTER_ID,
  type LateChargeRecord,
  type LateChargeTermsRecord,
} from './late-charge.entity';
import { lateCharge, type LateChargeInvoice, type LateChargeTerms } from './late-charge.rules';
import { LateChargesRepository } from './late-charges.repository';
import { PaymentPlansRepository } from './payment-plans.repository';
import { addDaysTo } from './reminder.rules';

/** Invoices without a stored due date (issued before due dates were kept) fall due 30 days after issue. */
const LEGACY_TERMS_DAYS = 30;

/**
 * Late charges: the terms an engagement allows (a matter's own, else the firm's default), and the run that
 * charges each overdue invoice once per period (calendar month of `asOf`). A per-firm advisory lock makes a
 * concurrent run wait and then find the period charged; the unique key on invoice and period backs it.
 */
@Injectable()
export class LateChargesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly lateCharges: LateChargesRepository,
    private readonly collections: CollectionsRepository,
    private readonly plans: PaymentPlansRepository,
    private readonly payments: PaymentsService,
  ) {}

  async terms(actor: Actor, matterId: string | undefined): Promise<LateChargeTermsView> {
    const terms = await withTenant(this.dataSource, actor.firmId, (manager) =>
      this.lateCharges.terms(manager, matterId ?? FIRM_DEFAULT_MATTER_ID),
    );
    if (!terms) throw new NotFoundError('late_charge_terms', matterId ?? actor.firmId);
    return termsView(terms);
  }

  async setTerms(actor: Actor, input: LateChargeTermsDto): Promise<LateChargeTermsView> {
    const problems: FieldError[] = [];
    const annualRateBp = input.annualRateBp ?? null;
    const flatFeeMinor = input.flatFeeMinor ?? null;
    const currency = input.currency ?? null;
    if (annualRateBp === null && flatFeeMinor === null)
      problems.push({ field: 'annualRateBp', message: 'name an annualRateBp, a flatFeeMinor or both' });
    if (flatFeeMinor !== null && currency === null)
      problems.push({ field: 'currency', message: 'currency is required with flatFeeMinor' });
    if (flatFeeMinor === null && currency !== null)
      problems.push({ field: 'currency', message: 'currency goes only with flatFeeMinor' });
    if (problems.length) throw new ValidationFailedError(problems);
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      if (input.matterId && !(await this.lateCharges.matterExists(manager, input.matterId)))
        throw new NotFoundError('matter', input.matterId);
      const terms: LateChargeTermsRecord = {
        firmId: actor.firmId,
        matterId: input.matterId ?? FIRM_DEFAULT_MATTER_ID,
        annualRateBp,
        flatFeeMinor: flatFeeMinor === null ? null : String(flatFeeMinor),
        currency,
        graceDays: input.graceDays,
        capBp: input.capBp ?? null,
        updatedBy: actor.subject,
        updatedAt: new Date(),
      };
      const before = await this.lateCharges.terms(manager, terms.matterId);
      await this.lateCharges.saveTerms(manager, terms);
      await recordChange(manager, actor, {
        action: 'late-charge-terms.set',
        resourceType: input.matterId ? 'matter' : 'firm',
        resourceId: input.matterId ?? actor.firmId,
        details: {
          annualRateBp,
          flatFeeMinor,
          currency,
          graceDays: terms.graceDays,
          capBp: terms.capBp,
          previous: before ? { ...termsView(before) } : null,
        },
      });
      return termsView(terms);
    });
  }

  async ofInvoice(actor: Actor, invoiceId: string): Promise<LateChargeView[]> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      await this.payments.invoiceStanding(manager, actor, invoiceId, false);
      return (await this.lateCharges.ofInvoice(manager, invoiceId)).map(chargeView);
    });
  }

  /**
   * Charges, for one firm, each open invoice whose engagement allows late charges (not disputed, not
   * written off) for the period of `asOf`, once; in one transaction holding the firm's run lock.
   */
  async runFirm(caller: ChangeCaller, asOf: string): Promise<LateChargeRunView> {
    const period = asOf.slice(0, 7);
    return withTenant(this.dataSource, caller.firmId, async (manager) => {
      await this.lateCharges.lockFirmRun(manager, caller.firmId);
      const allTerms = new Map(
        (await this.lateCharges.allTerms(manager)).map((terms) => [terms.matterId, terms]),
      );
      const charged: LateChargeView[] = [];
      if (!allTerms.size) return { asOf, period, charged };
      const firmDefault = allTerms.get(FIRM_DEFAULT_MATTER_ID);
      const open = (await this.payments.openStandings(manager, asOf)).filter(
        (standing) => standing.writtenOffMinor === 0,
      );
      const ids = open.map((standing) => standing.invoiceId);
      const statuses = await this.collections.findMany(manager, ids);
      const received = await this.payments.receivedPerDay(manager, ids);
      for (const standing of open) {
        const stored = (standing.matterId ? allTerms.get(standing.matterId) : undefined) ?? firmDefault;
        const status = statuses.get(standing.invoiceId)?.status ?? 'none';
        if (!stored || status === 'disputed' || status === 'written-off') continue;
        const dueDate = standing.dueDate ?? addDaysTo(standing.issuedOn, LEGACY_TERMS_DAYS);
        if (dueDate >= asOf) continue;
        const earlier = await this.lateCharges.ofInvoice(manager, standing.invoiceId);
        if (earlier.some((charge) => charge.period === period)) continue;
        const terms: LateChargeTerms = {
          annualRateBp: stored.annualRateBp,
          // A flat fee is named in one currency and is charged only on invoices in it.
          flatFeeMinor:
            stored.flatFeeMinor !== null && stored.currency === standing.currency
              ? minorAmountFromDb(stored.flatFeeMinor)
              : null,
          graceDays: stored.graceDays,
          capBp: stored.capBp,
        };
        const plan = await this.plans.ofInvoice(manager, standing.invoiceId);
        const invoice: LateChargeInvoice = {
          principalMinor: standing.totalMinor - standing.creditedMinor,
          dueDate,
          received: received.get(standing.invoiceId) ?? [],
          plan: plan
            ? {
                agreedOn: plan.createdAt.toISOString().slice(0, 10),
                paidBeforeMinor: minorAmountFromDb(plan.paidBeforeMinor),
                instalments: (await this.plans.instalments(manager, plan.id)).map((row) => ({
                  dueOn: row.dueOn,
                  amountMinor: minorAmountFromDb(row.amountMinor),
                })),
              }
            : null,
        };
        const figures = lateCharge(terms, invoice, asOf, {
          interestMinor: earlier.reduce((sum, charge) => sum + minorAmountFromDb(charge.interestMinor), 0),
          totalMinor: earlier.reduce((sum, charge) => sum + minorAmountFromDb(charge.amountMinor), 0),
        });
        if (figures.amountMinor <= 0) continue;
        const charge: LateChargeRecord = {
          firmId: caller.firmId,
          id: randomUUID(),
          invoiceId: standing.invoiceId,
          period,
          asOf,
          clientId: standing.clientId,
          matterId: standing.matterId,
          currency: standing.currency,
          interestMinor: String(figures.interestMinor),
          flatFeeMinor: String(figures.flatFeeMinor),
          amountMinor: String(figures.amountMinor),
          principalMinor: String(figures.chargeablePrincipalMinor),
          chargeableDays: figures.chargeableDays,
          annualRateBp: terms.annualRateBp,
          createdBy: caller.subject,
          createdAt: new Date(),
        };
        if (!(await this.lateCharges.insertOnce(manager, charge))) continue;
        await recordChange(manager, caller, {
          action: 'invoice.late-charged',
          resourceType: 'invoice',
          resourceId: standing.invoiceId,
          details: {
            lateChargeId: charge.id,
            period,
            asOf,
            interestMinor: figures.interestMinor,
            flatFeeMinor: figures.flatFeeMinor,
            amountMinor: figures.amountMinor,
            principalMinor: figures.chargeablePrincipalMinor,
            chargeableDays: figures.chargeableDays,
            capped: figures.capped,
          },
          events: [
            {
              type: InvoiceLateChargedV1.type,
              aggregateId: standing.invoiceId,
              data: {
                lateChargeId: charge.id,
                invoiceId: standing.invoiceId,
                invoiceNumber: standing.number,
                clientId: standing.clientId,
                matterId: standing.matterId,
                period,
                asOf,
                interestMinor: figures.interestMinor,
                flatFeeMinor: figures.flatFeeMinor,
                amountMinor: figures.amountMinor,
                principalMinor: figures.chargeablePrincipalMinor,
                currency: standing.currency,
              },
            },
          ],
        });
        charged.push(chargeView(charge));
      }
      return { asOf, period, charged };
    });
  }
}

function termsView(terms: LateChargeTermsRecord): LateChargeTermsView {
  return {
    matterId: terms.matterId === FIRM_DEFAULT_MATTER_ID ? null : terms.matterId,
    annualRateBp: terms.annualRateBp,
    flatFeeMinor: terms.flatFeeMinor === null ? null : minorAmountFromDb(terms.flatFeeMinor),
    currency: terms.currency,
    graceDays: terms.graceDays,
    capBp: terms.capBp,
    updatedAt: terms.updatedAt.toISOString(),
  };
}

function chargeView(charge: LateChargeRecord): LateChargeView {
  return {
    id: charge.id,
    invoiceId: charge.invoiceId,
    period: charge.period,
    asOf: charge.asOf,
    interestMinor: minorAmountFromDb(charge.interestMinor),
    flatFeeMinor: minorAmountFromDb(charge.flatFeeMinor),
    amountMinor: minorAmountFromDb(charge.amountMinor),
    principalMinor: minorAmountFromDb(charge.principalMinor),
    chargeableDays: charge.chargeableDays,
    annualRateBp: charge.annualRateBp,
    currency: charge.currency,
    createdAt: charge.createdAt.toISOString(),
  };
}
