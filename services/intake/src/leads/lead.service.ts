import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '@lawfirm/auth';
import { recordChange, type AuditDetails } from '@lawfirm/audit';
import { uuidv7 } from '@lawfirm/contracts';
import { withTenant } from '@lawfirm/database';
import { NotFoundError } from '@lawfirm/errors';
import { decodeCursor, DEFAULT_PAGE_SIZE, toPage, type Page } from '@lawfirm/platform';
import { ClientService } from '../clients/client.service';
import { ConflictService } from '../conflicts/conflict.service';
import { MatterService } from '../matters/matter.service';
import type { ConvertedLeadView, ConvertLeadDto } from './dto/convert-lead.dto';
import type { CreateLeadDto, LeadView, UpdateLeadDto } from './dto/lead.dto';
import type { Lead, LeadChanges } from './lead.model';
import { LeadPipelineService } from './lead-pipeline.service';
import { LeadRepository, type LeadFilter } from './lead.repository';
import { conversionStage, resolveStageChange } from './lead-stage.rules';

export interface LeadListOptions extends LeadFilter {
  limit?: number;
  cursor?: string;
}

/** The fields of a PATCH that are plain values of the lead (stage and not-hired reason follow the stage rules). */
const PLAIN_FIELDS = [
  'kind',
  'name',
  'email',
  'phone',
  'source',
  'practiceArea',
  'description',
  'followUpDue',
  'responsibleAttorneyId',
] as const satisfies ReadonlyArray<keyof UpdateLeadDto & keyof LeadChanges>;

/**
 * Leads: prospective clients moving through the firm's pipeline until the firm is hired (conversion
 * into a client and a matter) or not. A lead's name is in the conflict index from the start, so
 * conflict checks find prospects too (a prospective client is owed confidentiality, Rule 1.18).
 */
@Injectable()
export class LeadService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly leads: LeadRepository,
    private readonly pipeline: LeadPipelineService,
    private readonly conflicts: ConflictService,
    private readonly clients: ClientService,
    private readonly matters: MatterService,
  ) {}

  /** Lead at the first stage, routed to an attorney by practice area unless one is named, its name indexed. One transaction. */
  async create(actor: Actor, input: CreateLeadDto): Promise<LeadView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const pipeline = await this.pipeline.pipelineForWrite(manager, actor.firmId, { store: true });
      const routedTo =
        input.responsibleAttorneyId === undefined && input.practiceArea !== undefined
          ? await this.pipeline.routedAttorney(manager, input.practiceArea)
          : null;
      const lead = await this.leads.insert(manager, {
        id: uuidv7(),
        firmId: actor.firmId,
        kind: input.kind,
        name: input.name,
        email: input.email ?? null,
        phone: input.phone ?? null,
        source: input.source ?? null,
        practiceArea: input.practiceArea ?? null,
        description: input.description ?? null,
        stage: pipeline.first.key,
        followUpDue: input.followUpDue ?? null,
        responsibleAttorneyId: input.responsibleAttorneyId ?? routedTo,
      });
      await this.indexName(manager, lead);
      await this.audit(manager, actor, 'lead.created', lead.id, {
        stage: lead.stage,
        responsibleAttorneyId: lead.responsibleAttorneyId,
        routed: routedTo !== null,
      });
      return toLeadView(lead);
    });
  }

  async get(actor: Actor, id: string): Promise<LeadView> {
    const lead = await withTenant(this.dataSource, actor.firmId, (manager) =>
      this.leads.findById(manager, id),
    );
    if (!lead) throw new NotFoundError('lead', id);
    return toLeadView(lead);
  }

  /** Newest first. */
  async list(actor: Actor, options: LeadListOptions = {}): Promise<Page<LeadView>> {
    const limit = options.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeCursor(options.cursor, 'timestamp');
    const filter: LeadFilter = {
      stage: options.stage,
      responsibleAttorneyId: options.responsibleAttorneyId,
      followUpBefore: options.followUpBefore,
    };
    const rows = await withTenant(this.dataSource, actor.firmId, (manager) =>
      this.leads.list(manager, filter, limit, after),
    );
    return toPage(rows, limit, (row) => ({ sortKey: row.sortKey, id: row.id }), toLeadView);
  }

  /** Changes fields and moves the stage under the stage rules (lead-stage.rules.ts); keeps the conflict index in step. */
  async update(actor: Actor, id: string, input: UpdateLeadDto): Promise<LeadView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const lead = await this.leads.findForUpdate(manager, id);
      if (!lead) throw new NotFoundError('lead', id);
      const changes: LeadChanges = {};
      for (const field of PLAIN_FIELDS) {
        const value = input[field];
        if (value !== undefined && value !== lead[field]) Object.assign(changes, { [field]: value });
      }
      if (input.stage !== undefined || input.notHiredReason !== undefined) {
        const pipeline = await this.pipeline.pipelineForWrite(manager, actor.firmId, { store: false });
        const stageChange = resolveStageChange(pipeline, lead, {
          stage: input.stage,
          notHiredReason: input.notHiredReason,
        });
        if (stageChange.stage !== undefined) changes.stage = stageChange.stage;
        if (stageChange.notHiredReason !== undefined && stageChange.notHiredReason !== lead.notHiredReason) {
          changes.notHiredReason = stageChange.notHiredReason;
        }
      }
      const changed = Object.keys(changes);
      if (!changed.length) return toLeadView(lead);
      const updated = await this.leads.update(manager, lead.id, changes);
      // A converted lead's name is the client's now, indexed under the client.
      if ((changes.name !== undefined || changes.kind !== undefined) && updated.clientId === null) {
        await this.conflicts.unindex(manager, lead.id);
        await this.indexName(manager, updated);
      }
      await this.audit(manager, actor, 'lead.updated', lead.id, {
        changed,
        ...(changes.stage !== undefined ? { fromStage: lead.stage, toStage: changes.stage } : {}),
      });
      return toLeadView(updated);
    });
  }

  /**
   * The firm is hired: in one transaction the lead becomes a client (names indexed,
   * intake.client.created published), a matter is opened for it (conflict check run; the matter
   * is pending if the check found hits) and the lead moves to the hired stage with both ids.
   * Any failure (a forbidden fee, an unknown party) leaves nothing behind.
   */
  async convert(actor: Actor, id: string, input: ConvertLeadDto): Promise<ConvertedLeadView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const lead = await this.leads.findForUpdate(manager, id);
      if (!lead) throw new NotFoundError('lead', id);
      const pipeline = await this.pipeline.pipelineForWrite(manager, actor.firmId, { store: false });
      const hired = conversionStage(pipeline, lead);
      // The prospect becomes the client, whose own name is indexed; left in place, the lead's entry
      // would be a hit against its own new matter in the check below.
      await this.conflicts.unindex(manager, lead.id);
      const email = input.clientEmail ?? lead.email ?? undefined;
      const client = await this.clients.createWithin(manager, actor, {
        kind: lead.kind,
        name: lead.name,
        email,
        // The client record has no phone of its own: keep the lead's as a contact.
        contacts: lead.phone ? [{ name: lead.name, email, phone: lead.phone }] : [],
      });
      const matter = await this.matters.openWithin(manager, actor, {
        clientId: client.id,
        title: input.title,
        practiceArea: input.practiceArea ?? lead.practiceArea ?? undefined,
        responsibleAttorneyId: lead.responsibleAttorneyId ?? undefined,
        parties: input.parties,
        feeArrangement: input.feeArrangement,
      });
      const converted = await this.leads.update(manager, lead.id, {
        stage: hired.key,
        clientId: client.id,
        matterId: matter.id,
      });
      await this.audit(manager, actor, 'lead.converted', lead.id, {
        fromStage: lead.stage,
        toStage: hired.key,
        clientId: client.id,
        matterId: matter.id,
        matterStatus: matter.status,
        ...(matter.conflictCheck ? { conflictCheckId: matter.conflictCheck.id } : {}),
      });
      return { lead: toLeadView(converted), client, matter };
    });
  }

  private indexName(manager: EntityManager, lead: Lead): Promise<void> {
    return this.conflicts.indexNames(manager, lead.firmId, 'lead', lead.id, [
      { name: lead.name, nameType: 'primary', kind: lead.kind },
    ]);
  }

  private audit(
    manager: EntityManager,
    actor: Actor,
    action: string,
    leadId: string,
    details: AuditDetails,
  ): Promise<void> {
    return recordChange(manager, actor, { action, resourceType: 'lead', resourceId: leadId, details });
  }
}

export function toLeadView(lead: Lead): LeadView {
  return {
    id: lead.id,
    kind: lead.kind,
    name: lead.name,
    email: lead.email,
    phone: lead.phone,
    source: lead.source,
    practiceArea: lead.practiceArea,
    description: lead.description,
    stage: lead.stage,
    followUpDue: lead.followUpDue,
    responsibleAttorneyId: lead.responsibleAttorneyId,
    clientId: lead.clientId,
    matterId: lead.matterId,
    notHiredReason: lead.notHiredReason,
    createdAt: lead.createdAt.toISOString(),
    updatedAt: lead.updatedAt.toISOString(),
  };
}
