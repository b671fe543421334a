import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { recordChange, type AuditDetails } from '@lawfirm/audit';
import type { Actor } from '@lawfirm/auth';
import {
  isClassification,
  TIMEKEEPER_CLASSIFICATION_LABELS,
  TIMEKEEPER_CLASSIFICATIONS,
  type TimekeeperClassification,
} from '@lawfirm/contracts';
import { withTenant } from '@lawfirm/database';
import { NotFoundError } from '@lawfirm/errors';
import {
  ClassificationRepository,
  CLASSIFICATIONS_PKEY,
  type FirmClassification,
} from './classification.repository';
import type {
  BulkRegisterClassificationsDto,
  BulkRegisterResult,
  ClassificationView,
  CreateClassificationDto,
  UpdateClassificationDto,
} from './dto/classification.dto';
import {
  ClassificationBulkRefusedError,
  ClassificationBuiltInError,
  ClassificationRetiredError,
  ClassificationTakenError,
  ClassificationUnknownError,
} from './timekeeper.exception';
import { isUniqueViolation } from '../unique-violation';

/**
 * Timekeeper classifications: the six LEDES 1998B codes every firm has, plus codes a firm registers
 * (a LEDES Oversight Committee revised code its clients ask for, or a client's own), each reporting
 * as one of the six so an invoice can always carry a code the client's system accepts.
 */
@Injectable()
export class ClassificationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly classifications: ClassificationRepository,
  ) {}

  async list(actor: Actor, active?: boolean): Promise<ClassificationView[]> {
    const own = await withTenant(this.dataSource, actor.firmId, (manager) =>
      this.classifications.list(manager, active),
    );
    const builtIn = active === false ? [] : TIMEKEEPER_CLASSIFICATIONS.map(builtInView);
    return [...builtIn, ...own.map(toClassificationView)];
  }

  async get(actor: Actor, code: string): Promise<ClassificationView> {
    const wanted = code.toUpperCase();
    if (isClassification(wanted)) return builtInView(wanted);
    const row = await withTenant(this.dataSource, actor.firmId, (manager) =>
      this.classifications.find(manager, wanted),
    );
    if (!row) throw new NotFoundError('classification', code);
    return toClassificationView(row);
  }

  async create(actor: Actor, input: CreateClassificationDto): Promise<ClassificationView> {
    if (isClassification(input.code)) throw new ClassificationBuiltInError(input.code, 'code');
    try {
      return await withTenant(this.dataSource, actor.firmId, async (manager) => {
        const row = await this.classifications.insert(manager, {
          firmId: actor.firmId,
          code: input.code,
          label: input.label,
          description: input.description ?? null,
          ledesCode: input.ledesCode,
          createdBy: actor.subject,
        });
        await this.audit(manager, actor, 'timekeeper-classification.created', row.code, {
          label: row.label,
          ledesCode: row.ledesCode,
        });
        return toClassificationView(row);
      });
    } catch (error) {
      if (isUniqueViolation(error, CLASSIFICATIONS_PKEY)) throw new ClassificationTakenError(input.code);
      throw error;
    }
  }

  /**
   * Registers a list of codes in one transaction, all or nothing: new codes are created; codes the
   * firm has get the given label and description (their LEDES code must match — it is fixed once
   * registered — and their active state is left alone). Running the same list again changes nothing.
   */
  async bulkRegister(actor: Actor, input: BulkRegisterClassificationsDto): Promise<BulkRegisterResult> {
    const errors: Array<{ field: string; message: string }> = [];
    const seen = new Map<string, number>();
    input.items.forEach((item, index) => {
      if (isClassification(item.code))
        errors.push({
          field: `items.${index}.code`,
          message: `${item.code} is built in; choose another code`,
        });
      const first = seen.get(item.code);
      if (first !== undefined)
        errors.push({
          field: `items.${index}.code`,
          message: `${item.code} is listed twice (also item ${first})`,
        });
      else seen.set(item.code, index);
    });
    if (errors.length) throw new ClassificationBulkRefusedError(errors);
    const rows = input.items.map((item) => ({
      code: item.code,
      label: item.label,
      description: item.description ?? null,
      ledesCode: item.ledesCode,
    }));
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const created = await this.classifications.insertMissing(manager, actor.firmId, actor.subject, rows);
      const existing = new Map(
        (
          await this.classifications.findManyForUpdate(
            manager,
            rows.filter((row) => !created.has(row.code)).map((row) => row.code),
          )
        ).map((row) => [row.code, row] as const),
      );
      const result: BulkRegisterResult = { created: [], updated: [], unchanged: [] };
      rows.forEach((row, index) => {
        const had = existing.get(row.code);
        if (created.has(row.code) || !had) return;
        if (had.ledesCode !== row.ledesCode)
          errors.push({
            field: `items.${index}.ledesCode`,
            message: `${row.code} is registered as ${had.ledesCode}; ledesCode cannot change, register a new code instead`,
          });
      });
      if (errors.length) throw new ClassificationBulkRefusedError(errors);
      for (const row of rows) {
        const had = existing.get(row.code);
        if (created.has(row.code)) {
          result.created.push(row.code);
          await this.audit(manager, actor, 'timekeeper-classification.created', row.code, {
            label: row.label,
            ledesCode: row.ledesCode,
          });
        } else if (had && (had.label !== row.label || had.description !== row.description)) {
          await this.classifications.update(manager, {
            ...had,
            label: row.label,
            description: row.description,
          });
          await this.audit(manager, actor, 'timekeeper-classification.updated', row.code, {
            changes: {
              ...(had.label !== row.label ? { label: { from: had.label, to: row.label } } : {}),
              ...(had.description !== row.description
                ? { description: { from: had.description, to: row.description } }
                : {}),
            },
          });
          result.updated.push(row.code);
        } else result.unchanged.push(row.code);
      }
      return result;
    });
  }

  async update(actor: Actor, code: string, input: UpdateClassificationDto): Promise<ClassificationView> {
    const wanted = code.toUpperCase();
    if (isClassification(wanted)) throw new ClassificationBuiltInError(wanted, 'code');
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const row = await this.classifications.find(manager, wanted, true);
      if (!row) throw new NotFoundError('classification', code);
      const changes: Record<string, { from: string | boolean | null; to: string | boolean | null }> = {};
      const next = { ...input, description: input.description === '' ? null : input.description };
      for (const field of ['label', 'description', 'active'] as const) {
        const value = next[field];
        if (value !== undefined && value !== row[field]) changes[field] = { from: row[field], to: value };
      }
      if (Object.keys(changes).length === 0) return toClassificationView(row);
      const saved = await this.classifications.update(manager, {
        ...row,
        label: input.label ?? row.label,
        description: next.description === undefined ? row.description : next.description,
        active: input.active ?? row.active,
      });
      await this.audit(manager, actor, 'timekeeper-classification.updated', saved.code, { changes });
      return toClassificationView(saved);
    });
  }

  /**
   * The LEDES code a classification given to a timekeeper reports as. `current` is the code the
   * timekeeper already has: keeping a retired code is allowed, newly giving it is not.
   */
  async ledesCodeFor(
    manager: EntityManager,
    code: string,
    current?: string,
  ): Promise<TimekeeperClassification> {
    if (isClassification(code)) return code;
    const row = await this.classifications.find(manager, code);
    if (!row) throw new ClassificationUnknownError(code);
    if (!row.active && code !== current) throw new ClassificationRetiredError(code);
    return row.ledesCode;
  }

  private audit(
    manager: EntityManager,
    actor: Actor,
    action: string,
    code: string,
    details: AuditDetails,
  ): Promise<void> {
    return recordChange(manager, actor, {
      action,
      resourceType: 'timekeeper-classification',
      resourceId: code,
      details,
    });
  }
}

function builtInView(code: TimekeeperClassification): ClassificationView {
  return {
    code,
    label: TIMEKEEPER_CLASSIFICATION_LABELS[code],
    description: null,
    ledesCode: code,
    builtIn: true,
    active: true,
  };
}

function toClassificationView(row: FirmClassification): ClassificationView {
  return {
    code: row.code,
    label: row.label,
    description: row.description,
    ledesCode: row.ledesCode,
    builtIn: false,
    active: row.active,
  };
}
