import { IdempotencyKeyRow } from '@lawfirm/database';
import { ProjectedMatter } from '@lawfirm/matter-projection';
import { InboxRecord, OutboxMessage } from '@lawfirm/messaging';
import { Initial1764000000000 } from './migrations/1764000000000-initial';
import { WipReversals1764200000001 } from './migrations/1764200000001-wip-reversals';
import { OutboxParking1765500000000 } from './migrations/1765500000000-outbox-parking';
import { IdempotencyKeys1765950000000 } from './migrations/1765950000000-idempotency-keys';
import { ProjectedClient } from './clients/projected-client.entity';
import { CreditNote } from './invoices/credit-note.entity';
import { InvoiceLine } from './invoices/invoice-line.entity';
import { Invoice } from './invoices/invoice.entity';
import { MatterBillingTerms } from './invoices/matter-billing-terms.entity';
import { NumberSeries } from './invoices/number-series.entity';
import { RateRule } from './rates/rate-rule.entity';
import { BillingLetterheadRecord } from './ledes/billing-letterhead.entity';
import { EbillingProfileRecord } from './ledes/ebilling-profile.entity';
import { EbillingSetup1765600000000 } from './migrations/1765600000000-ebilling-setup';
import { BillingCore1765700000000 } from './migrations/1765700000000-billing-core';
import { Payments1765800000000 } from './migrations/1765800000000-payments';
import { InvoiceDueDates1765800000001 } from './migrations/1765800000001-invoice-due-dates';
import { WipInvoiceIndex1766200000001 } from './migrations/1766200000001-wip-invoice-index';
import { PaymentAllocation } from './payments/payment-allocation.entity';
import { Payment } from './payments/payment.entity';
import { Collections1766100000001 } from './migrations/1766100000001-collections';
import { InvoiceReminders1766100000002 } from './migrations/1766100000002-invoice-reminders';
import { PaymentPlans1766100000003 } from './migrations/1766100000003-payment-plans';
import { LateCharges1766100000101 } from './migrations/1766100000101-late-charges';
import { LateChargeRecord, LateChargeTermsRecord } from './collections/late-charge.entity';
import { PaymentPlan, PaymentPlanInstalment } from './collections/payment-plan.entity';
import { InvoiceReminder, ReminderSchedule } from './collections/reminder.entity';
import { InvoiceCollection } from './collections/invoice-collection.entity';
import { FirmBillingTerms } from './invoices/firm-billing-terms.entity';
import { TrustLedgers1766300000000 } from './migrations/1766300000000-trust-ledgers';
import { TrustReconciliations1766300000101 } from './migrations/1766300000101-trust-reconciliations';
import {
  TrustReconciliation,
  TrustStatement,
  TrustStatementLine,
  TrustStatementMatch,
} from './trust/reconciliation/reconciliation.entity';
import { TrustAccount } from './trust/trust-account.entity';
import { TrustEntry } from './trust/trust-entry.entity';
import { TrustLedger } from './trust/trust-ledger.entity';
import { WipEntry } from './wip/wip-entry.entity';
import { Taxes1767500000000 } from './migrations/1767500000000-taxes';
import { InvoiceLinesStatementTriggers1767500000001 } from './migrations/1767500000001-invoice-lines-statement-triggers';
import { TaxRate, TaxSetting } from './taxes/tax.entity';
import { WipExpense } from './wip/wip-expense.entity';

/** Every table of billing's database (the schema-drift test fails on one missing here). */
export const ENTITIES = [
  WipEntry,
  ProjectedMatter,
  OutboxMessage,
  InboxRecord,
  WipExpense,
  ProjectedClient,
  RateRule,
  MatterBillingTerms,
  Invoice,
  InvoiceLine,
  CreditNote,
  NumberSeries,
  EbillingProfileRecord,
  BillingLetterheadRecord,
  Payment,
  PaymentAllocation,
  IdempotencyKeyRow,
  FirmBillingTerms,
  InvoiceCollection,
  ReminderSchedule,
  InvoiceReminder,
  PaymentPlan,
  PaymentPlanInstalment,
  LateChargeTermsRecord,
  LateChargeRecord,
  TrustAccount,
  TrustLedger,
  TrustEntry,
  TrustStatement,
  TrustStatementLine,
  TrustStatementMatch,
  TrustReconciliation,
  TaxRate,
  TaxSetting,
];
export const MIGRATIONS = [
  Initial1764000000000,
  WipReversals1764200000001,
  OutboxParking1765500000000,
  EbillingSetup1765600000000,
  BillingCore1765700000000,
  Payments1765800000000,
  InvoiceDueDates1765800000001,
  IdempotencyKeys1765950000000,
  Collections1766100000001,
  InvoiceReminders1766100000002,
  PaymentPlans1766100000003,
  LateCharges1766100000101,
  WipInvoiceIndex1766200000001,
  TrustLedgers1766300000000,
  TrustReconciliations1766300000101,
  Taxes1767500000000,
  InvoiceLinesStatementTriggers1767500000001,
];
