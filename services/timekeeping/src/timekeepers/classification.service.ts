import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { auditChange } from '@lawfirm/audit';
import type { Actor } from '@lawfirm/auth';
import {
  isClassification,
  TIMEKEEPER_CLASSIFICATION_LABELS,
  TIMEKEEPER_CLASSIFICATIONS,
  type TimekeeperClassification,
} from '@lawfirm/contracts';
import { withTenant } from '@lawfirm/database';
import { NotFoundError } from '@lawfirm/errors';
import { ClassificationRepository, CLASSIFICATIONS_PKEY, type FirmClassification } from './classification.repository';
import type {
  ClassificationView,
  CreateClassificationDto,
  UpdateClassificationDto,
} from './dto/classification.dto';
import {
  ClassificationBuiltInError,
  ClassificationRetiredError,
  ClassificationTakenError,
  ClassificationUnknownError,
} from './timekeeper.exception';
import { isUniqueViolation } from './unique-violation';

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

  async update(actor: Actor, code: string, input: UpdateClassificationDto): Promise<ClassificationView> {
    const wanted = code.toUpperCase();
    if (isClassification(wanted)) throw new ClassificationBuiltInError(wanted, 'code');
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const row = await this.classifications.find(manager, wanted, true);
      if (!row) throw new NotFoundError('classification', code);
      const changes: Record<string, { from: unknown; to: unknown }> = {};
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
    details: Record<string, unknown>,
  ): Promise<void> {
    return auditChange(manager, {
      firmId: actor.firmId,
      actor: { type: actor.actorType, id: actor.subject },
      action,
      resourceType: 'timekeeper-classification',
      resourceId: code,
      correlationId: actor.correlationId,
      requestId: actor.requestId,
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
