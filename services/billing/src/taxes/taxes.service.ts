import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { recordChange } from '@lawfirm/audit';
import type { Actor } from '@lawfirm/auth';
import { withTenant } from '@lawfirm/database';
import { DomainError, NotFoundError, ValidationFailedError, type FieldError } from '@lawfirm/errors';
import { MatterProjectionService } from '@lawfirm/matter-projection';
import { ClientsService } from '../clients/clients.service';
import type {
  CreateTaxRateDto,
  TaxRateList,
  TaxRateView,
  TaxSettingDto,
  TaxSettingView,
} from './dto/tax.dto';
import type { TaxRate, TaxSetting, TaxSettingScope } from './tax.entity';
import {
  discountTax,
  effectiveSetting,
  isFeeKind,
  lineTax,
  rateInEffect,
  type DiscountTax,
  type LineTax,
  type TaxRateFacts,
} from './tax.rules';
import { TaxesRepository } from './taxes.repository';

export type { DiscountTax, LineTax } from './tax.rules';

export enum TaxErrorCode {
  RateExists = 'tax_rate_exists',
  CodeUnknown = 'tax_code_unknown',
  NotInEffect = 'tax_rate_not_in_effect',
  DiscountAmbiguous = 'tax_discount_ambiguous',
}

/** What an invoice's taxes come to when it is issued: one entry per line (same order), and its discount's. */
export interface InvoiceTaxes {
  lines: Array<LineTax | null>;
  discount: DiscountTax;
  /** Registration numbers of the rates used, by tax rate id (printed with the tax). */
  registrations: Map<string, string | null>;
}

@Injectable()
export class TaxesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly taxes: TaxesRepository,
    private readonly matters: MatterProjectionService,
    private readonly clients: ClientsService,
  ) {}

  async createRate(actor: Actor, input: CreateTaxRateDto): Promise<TaxRateView> {
    const problems: FieldError[] = [];
    if (input.effectiveTo !== undefined && input.effectiveTo < input.effectiveFrom)
      problems.push({ field: 'effectiveTo', message: 'effectiveTo must not be before effectiveFrom' });
    if (!input.appliesToFees && !input.appliesToExpenses)
      problems.push({ field: 'appliesToFees', message: 'a tax applies to fees, expenses or both' });
    if (problems.length) throw new ValidationFailedError(problems, 'The tax rate is incomplete.');
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      await this.taxes.lockKey(manager, `tax-rate|${actor.firmId}|${input.code}|${input.effectiveFrom}`);
      const same = await this.taxes.findVersion(manager, input.code, input.effectiveFrom);
      if (same)
        throw new DomainError(
          'conflict',
          TaxErrorCode.RateExists,
          `Tax ${input.code} already has a rate from ${input.effectiveFrom}; rates are never edited, start a new one another day.`,
          [{ field: 'effectiveFrom', message: 'this code already has a rate from this day' }],
          { existingTaxRateId: same.id },
        );
      const rate: TaxRate = {
        firmId: actor.firmId,
        id: randomUUID(),
        code: input.code,
        name: input.name,
        taxType: input.taxType,
        rateBp: input.rateBasisPoints,
        appliesToFees: input.appliesToFees,
        appliesToExpenses: input.appliesToExpenses,
        jurisdiction: input.jurisdiction,
        registrationNumber: input.registrationNumber ?? null,
        effectiveFrom: input.effectiveFrom,
        effectiveTo: input.effectiveTo ?? null,
        createdBy: actor.subject,
        createdAt: new Date(),
      };
      await this.taxes.insertRate(manager, rate);
      await recordChange(manager, actor, {
        action: 'tax-rate.created',
        resourceType: 'tax_rate',
        resourceId: rate.id,
        details: {
          code: rate.code,
          taxType: rate.taxType,
          rateBasisPoints: rate.rateBp,
          effectiveFrom: rate.effectiveFrom,
          effectiveTo: rate.effectiveTo,
        },
      });
      return rateView(rate);
    });
  }

  async listRates(actor: Actor, filters: { code?: string; activeOn?: string }): Promise<TaxRateList> {
    const rates = await withTenant(this.dataSource, actor.firmId, (manager) =>
      this.taxes.list(manager, filters),
    );
    const { activeOn } = filters;
    if (!activeOn) return { items: rates.map(rateView) };
    // In effect = the version an invoice issued that day would use: the latest start per code.
    const codes = [...new Set(rates.map((rate) => rate.code))];
    return {
      items: codes.flatMap((code) => {
        const version = rateInEffect(
          rates.filter((rate) => rate.code === code),
          activeOn,
        );
        return version ? [rateView(version)] : [];
      }),
    };
  }

  async getSetting(actor: Actor, scope: TaxSettingScope, subjectId: string): Promise<TaxSettingView> {
    const setting = await withTenant(this.dataSource, actor.firmId, (manager) =>
      this.taxes.setting(manager, scope, subjectId),
    );
    if (!setting) throw new NotFoundError('tax_setting', subjectId);
    return settingView(setting);
  }

  /**
   * Sets which tax a client's or matter's work bears (or that it is exempt). The same setting again changes
   * nothing and records nothing, so twenty identical requests make one change.
   */
  async putSetting(
    actor: Actor,
    scope: TaxSettingScope,
    subjectId: string,
    input: TaxSettingDto,
  ): Promise<TaxSettingView> {
    if (input.exempt && input.taxCode !== undefined)
      throw new ValidationFailedError([{ field: 'taxCode', message: 'an exempt setting names no taxCode' }]);
    if (!input.exempt && input.taxCode === undefined)
      throw new ValidationFailedError([{ field: 'taxCode', message: 'taxCode is required unless exempt' }]);
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      if (!(await this.known(manager, scope, subjectId))) throw new NotFoundError(scope, subjectId);
      if (input.taxCode !== undefined && !(await this.taxes.versionsOf(manager, [input.taxCode])).length)
        throw new DomainError(
          'unprocessable',
          TaxErrorCode.CodeUnknown,
          `The firm has no tax rate with code ${input.taxCode} (POST /v1/tax-rates).`,
          [{ field: 'taxCode', message: 'no tax rate has this code' }],
        );
      await this.taxes.lockKey(manager, `tax-setting|${actor.firmId}|${scope}|${subjectId}`);
      const current = await this.taxes.setting(manager, scope, subjectId);
      const taxCode = input.taxCode ?? null;
      const reason = input.reason ?? null;
      if (
        current &&
        current.exempt === input.exempt &&
        current.taxCode === taxCode &&
        current.reason === reason
      )
        return settingView(current);
      const setting: TaxSetting = {
        firmId: actor.firmId,
        scope,
        subjectId,
        exempt: input.exempt,
        taxCode,
        reason,
        updatedBy: actor.subject,
        updatedAt: new Date(),
      };
      await this.taxes.saveSetting(manager, setting);
      await recordChange(manager, actor, {
        action: 'tax-setting.set',
        resourceType: `${scope}_tax_setting`,
        resourceId: subjectId,
        details: {
          exempt: setting.exempt,
          taxCode: setting.taxCode,
          reason: setting.reason,
          previousTaxCode: current?.taxCode ?? null,
          previousExempt: current?.exempt ?? null,
        },
      });
      return settingView(setting);
    });
  }

  /**
   * The taxes of a bill about to be issued on `issueDay`, in the issuing transaction: each line's matter
   * setting (else the client's) names a tax code, whose version in effect on that day taxes the line when it
   * reaches the line's kind. A setting whose code has no rate in effect is 422; an invoice discount over fee
   * lines under different taxes is 422 (no single rate to take off).
   */
  async invoiceTaxes(
    manager: EntityManager,
    bill: {
      clientId: string;
      issueDay: string;
      discountMinor: number;
      lines: ReadonlyArray<{ id: string; kind: string; matterId: string; amountMinor: number }>;
    },
  ): Promise<InvoiceTaxes> {
    const matterIds = [...new Set(bill.lines.map((line) => line.matterId))];
    const clientSetting = (await this.taxes.settings(manager, 'client', [bill.clientId]))[0];
    const matterSettings = new Map(
      (await this.taxes.settings(manager, 'matter', matterIds)).map((setting) => [
        setting.subjectId,
        setting,
      ]),
    );
    const codes = new Set<string>();
    const settingOf = new Map(
      matterIds.map((matterId) => {
        const setting = effectiveSetting(matterSettings.get(matterId), clientSetting);
        if (setting?.taxCode) codes.add(setting.taxCode);
        return [matterId, setting] as const;
      }),
    );
    const versions = await this.taxes.versionsOf(manager, [...codes]);
    const inEffect = new Map<string, TaxRateFacts>();
    for (const code of codes) {
      const rate = rateInEffect(
        versions.filter((version) => version.code === code).map(rateFacts),
        bill.issueDay,
      );
      if (!rate)
        throw new DomainError(
          'unprocessable',
          TaxErrorCode.NotInEffect,
          `Tax ${code} has no rate in effect on ${bill.issueDay}; add one (POST /v1/tax-rates) or change the setting.`,
          [{ field: 'taxCode', message: `${code} has no rate in effect on ${bill.issueDay}` }],
        );
      inEffect.set(code, rate);
    }
    const rateOfMatter = (matterId: string): TaxRateFacts | undefined => {
      const setting = settingOf.get(matterId);
      return setting?.taxCode ? inEffect.get(setting.taxCode) : undefined;
    };
    const lines = bill.lines.map((line) => lineTax(line, rateOfMatter(line.matterId)));
    const discount = discountTax(
      lines.filter((_, index) => isFeeKind(bill.lines[index]!.kind)),
      bill.discountMinor,
    );
    if (discount.kind === 'ambiguous')
      throw new DomainError(
        'unprocessable',
        TaxErrorCode.DiscountAmbiguous,
        "The bill's discount comes off fees under different taxes (or some untaxed), so no single tax rate can be taken off it; discount the lines instead.",
        [{ field: 'discount', message: 'the fee lines do not share one tax' }],
      );
    return {
      lines,
      discount,
      registrations: new Map([...inEffect.values()].map((rate) => [rate.id, rate.registrationNumber])),
    };
  }

  /** Registration numbers (and jurisdictions) of tax rates by id, for documents of issued invoices. */
  async registrations(
    manager: EntityManager,
    taxRateIds: readonly string[],
  ): Promise<Map<string, string | null>> {
    if (!taxRateIds.length) return new Map();
    const rates = await this.taxes.byIds(manager, taxRateIds);
    return new Map(rates.map((rate) => [rate.id, rate.registrationNumber]));
  }

  private async known(manager: EntityManager, scope: TaxSettingScope, subjectId: string): Promise<boolean> {
    if (scope === 'matter') return (await this.matters.find(manager, subjectId)) !== null;
    return (
      (await this.clients.names(manager, [subjectId])).has(subjectId) ||
      (await this.taxes.clientHasMatter(manager, subjectId))
    );
  }
}

function rateFacts(rate: TaxRate): TaxRateFacts {
  return {
    id: rate.id,
    code: rate.code,
    taxType: rate.taxType,
    rateBp: rate.rateBp,
    appliesToFees: rate.appliesToFees,
    appliesToExpenses: rate.appliesToExpenses,
    registrationNumber: rate.registrationNumber,
    effectiveFrom: rate.effectiveFrom,
    effectiveTo: rate.effectiveTo,
  };
}

function rateView(rate: TaxRate): TaxRateView {
  return {
    id: rate.id,
    code: rate.code,
    name: rate.name,
    taxType: rate.taxType,
    rateBasisPoints: rate.rateBp,
    appliesToFees: rate.appliesToFees,
    appliesToExpenses: rate.appliesToExpenses,
    jurisdiction: rate.jurisdiction,
    registrationNumber: rate.registrationNumber,
    effectiveFrom: rate.effectiveFrom,
    effectiveTo: rate.effectiveTo,
    createdBy: rate.createdBy,
    createdAt: rate.createdAt.toISOString(),
  };
}

function settingView(setting: TaxSetting): TaxSettingView {
  return {
    scope: setting.scope,
    subjectId: setting.subjectId,
    exempt: setting.exempt,
    taxCode: setting.taxCode,
    reason: setting.reason,
    updatedBy: setting.updatedBy,
    updatedAt: setting.updatedAt.toISOString(),
  };
}
