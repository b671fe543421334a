import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '@lawfirm/auth';
import { uuidv7 } from '@lawfirm/contracts';
import { withTenant } from '@lawfirm/database';
import { NotFoundError, ValidationFailedError } from '@lawfirm/errors';
import { decodeCursor, DEFAULT_PAGE_SIZE, toPage, type Page } from '@lawfirm/platform';
import { ClientService, UnknownClientError } from '../clients/client.service';
import {
  ConflictService,
  type ConflictCheckView,
  type ConflictQueryName,
  type SignoffDecision,
} from '../conflicts/conflict.service';
import { PartyService, UnknownPartyError, type MatterParty } from '../parties/party.service';
import type { CreateMatterDto, MatterPartyDto, MatterView, UpdateMatterDto } from './dto/create-matter.dto';
import type { FeeArrangementDto } from './dto/fee-arrangement.dto';
import { assertFeeArrangement } from './fee-arrangement.rules';
import type { Matter } from './matter.entity';
import { recordMatterEvent } from './matter.events';
import { InvalidPartyError, MatterTransitionError } from './matter.exception';
import { MatterRepository } from './matter.repository';

// What other features may use of matters besides the service.
export { MatterPartyDto, MatterView } from './dto/create-matter.dto';
export { FeeArrangementDto } from './dto/fee-arrangement.dto';

interface ResolvedParty {
  role: MatterPartyDto['role'];
  query: ConflictQueryName;
  existing?: { type: 'client' | 'entity'; id: string };
  create?: { name: string; kind: 'person' | 'company'; alternateNames: string[] };
}

export interface PartyView {
  id: string;
  role: string;
  partyType: 'client' | 'entity';
  partyId: string;
  name: string;
  kind: string;
}

@Injectable()
export class MatterService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly matters: MatterRepository,
    private readonly clients: ClientService,
    private readonly parties: PartyService,
    private readonly conflicts: ConflictService,
  ) {}

  /**
   * Opens a matter: the conflict check over the client and every party runs first; with no
   * hits the matter opens at once (the check is recorded as cleared automatically), with hits
   * it waits as `pending` until an attorney signs the check off. One transaction.
   */
  async open(actor: Actor, input: CreateMatterDto): Promise<MatterView> {
    return withTenant(this.dataSource, actor.firmId, (manager) => this.openWithin(manager, actor, input));
  }

  /** The same, inside a transaction the caller already holds (lead conversion uses it). */
  async openWithin(manager: EntityManager, actor: Actor, input: CreateMatterDto): Promise<MatterView> {
    const client = await this.clients.summaryWithin(manager, input.clientId);
    if (!client) throw new UnknownClientError(input.clientId);
    if (input.feeArrangement) assertFeeArrangement(input.feeArrangement, input.practiceArea);
    const resolved = await this.resolveParties(manager, input.parties ?? []);
    // The check runs before the matter or any new party exists, so it never finds them.
    const matterId = uuidv7();
    const stored = await this.conflicts.runAndStore(manager, actor, {
      queries: [
        { name: client.name, kind: client.kind, role: 'client', selfRef: { type: 'client', id: client.id } },
        ...resolved.map((party) => party.query),
      ],
      purpose: 'new-matter',
      matterId,
    });
    const now = new Date();
    const status = stored.hitCount ? 'pending' : 'open';
    const matter = await this.matters.insert(manager, {
      id: matterId,
      firmId: actor.firmId,
      clientId: client.id,
      number: await this.matters.nextNumber(manager, actor.firmId, now.getUTCFullYear()),
      title: input.title,
      practiceArea: input.practiceArea ?? null,
      jurisdiction: input.jurisdiction ?? null,
      court: input.court ?? null,
      responsibleAttorneyId: input.responsibleAttorneyId ?? null,
      originatingAttorneyId: input.originatingAttorneyId ?? null,
      status,
      openedAt: status === 'open' ? now : null,
      closedAt: null,
      closureReason: null,
      updatedAt: now,
    });
    await this.parties.addToMatter(manager, actor.firmId, matter.id, 'client', 'client', client.id);
    for (const party of resolved) await this.attachParty(manager, actor, matter.id, party);
    if (input.feeArrangement)
      await this.matters.saveFeeArrangement(manager, actor.firmId, matter.id, input.feeArrangement);
    await recordMatterEvent(
      manager,
      actor,
      status === 'open' ? 'intake.matter.opened' : 'intake.matter.updated',
      matter,
      {
        conflictCheckId: stored.id,
      },
    );
    return {
      ...toMatterView(matter),
      conflictCheck: { id: stored.id, status: stored.status, hitCount: stored.hitCount },
    };
  }

  async get(actor: Actor, id: string): Promise<MatterView> {
    const matter = await withTenant(this.dataSource, actor.firmId, (manager) =>
      this.matters.findById(manager, id),
    );
    if (!matter) throw new NotFoundError('matter', id);
    return toMatterView(matter);
  }

  async list(
    actor: Actor,
    limit = DEFAULT_PAGE_SIZE,
    cursor?: string,
    clientId?: string,
  ): Promise<Page<MatterView>> {
    const after = decodeCursor(cursor, 'timestamp');
    const rows = await withTenant(this.dataSource, actor.firmId, (manager) =>
      this.matters.list(manager, limit, after, clientId),
    );
    return toPage(rows, limit, (row) => ({ sortKey: row.createdAt.toISOString(), id: row.id }), toMatterView);
  }

  async update(actor: Actor, id: string, input: UpdateMatterDto): Promise<MatterView> {
    return this.change(actor, id, async (manager, matter) => {
      Object.assign(
        matter,
        Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)),
      );
      const fee = await this.matters.findFeeArrangement(manager, matter.id);
      if (fee && input.practiceArea) assertFeeArrangement(fee, input.practiceArea);
      return 'intake.matter.updated';
    });
  }

  async close(actor: Actor, id: string, reason?: string): Promise<MatterView> {
    return this.change(actor, id, async (_manager, matter) => {
      if (matter.status === 'closed') throw new MatterTransitionError('close', matter.status);
      matter.status = 'closed';
      matter.closedAt = new Date();
      matter.closureReason = reason ?? null;
      return 'intake.matter.closed';
    });
  }

  async reopen(actor: Actor, id: string): Promise<MatterView> {
    return this.change(actor, id, async (_manager, matter) => {
      if (matter.status !== 'closed' || matter.closureReason === CONFLICT_DECLINED)
        throw new MatterTransitionError('reopen', matter.status);
      matter.status = 'open';
      matter.closedAt = null;
      matter.closureReason = null;
      matter.openedAt ??= new Date();
      return 'intake.matter.reopened';
    });
  }

  /**
   * An attorney's decision on a check with hits. Cleared or waived (with the waiver's
   * reference) opens a pending matter; declined (with a reason) closes it for good.
   */
  async signOff(
    actor: Actor,
    checkId: string,
    decision: SignoffDecision,
    details: { waiverReference?: string; reason?: string },
  ): Promise<ConflictCheckView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const { matterId } = await this.conflicts.signOffWithin(manager, actor, checkId, decision, details);
      const matter = matterId ? await this.matters.findForUpdate(manager, matterId) : null;
      if (matter && matter.status === 'pending') {
        const now = new Date();
        if (decision === 'declined') {
          matter.status = 'closed';
          matter.closedAt = now;
          matter.closureReason = CONFLICT_DECLINED;
        } else {
          matter.status = 'open';
          matter.openedAt = now;
        }
        matter.updatedAt = now;
        await this.matters.save(manager, matter);
        await recordMatterEvent(
          manager,
          actor,
          decision === 'declined' ? 'intake.matter.closed' : 'intake.matter.opened',
          matter,
          {
            conflictCheckId: checkId,
            decision,
          },
        );
      }
      return this.conflicts.viewWithin(manager, checkId);
    });
  }

  async conflictChecksOf(actor: Actor, matterId: string): Promise<ConflictCheckView[]> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      if (!(await this.matters.findById(manager, matterId))) throw new NotFoundError('matter', matterId);
      return this.conflicts.listForMatter(manager, matterId);
    });
  }

  async listParties(actor: Actor, matterId: string): Promise<PartyView[]> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      if (!(await this.matters.findById(manager, matterId))) throw new NotFoundError('matter', matterId);
      return (await this.parties.listForMatter(manager, matterId)).map(toPartyView);
    });
  }

  /** Adding a party later runs a conflict check on it; the result is stored and returned with the party. */
  async addParty(
    actor: Actor,
    matterId: string,
    input: MatterPartyDto,
  ): Promise<{ party: PartyView; conflictCheck: ConflictCheckView }> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const matter = await this.matters.findById(manager, matterId);
      if (!matter) throw new NotFoundError('matter', matterId);
      const [resolved] = await this.resolveParties(manager, [input], '');
      if (!resolved) throw new InvalidPartyError('role');
      const conflictCheck = await this.conflicts.runAndStore(manager, actor, {
        queries: [resolved.query],
        purpose: 'party-added',
        matterId,
      });
      const partyId = await this.attachParty(manager, actor, matterId, resolved);
      const party = (await this.parties.listForMatter(manager, matterId)).find(
        (row) => row.partyId === partyId && row.role === resolved.role,
      );
      if (!party) throw new Error(`party ${partyId} was not attached to matter ${matterId}`);
      await recordMatterEvent(manager, actor, 'intake.matter.updated', matter, {
        partyAdded: resolved.query.name,
        role: resolved.role,
      });
      return { party: toPartyView(party), conflictCheck };
    });
  }

  async getFeeArrangement(actor: Actor, matterId: string): Promise<FeeArrangementDto> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      if (!(await this.matters.findById(manager, matterId))) throw new NotFoundError('matter', matterId);
      const fee = await this.matters.findFeeArrangement(manager, matterId);
      if (!fee) throw new NotFoundError('fee_arrangement', matterId);
      return fee;
    });
  }

  async setFeeArrangement(
    actor: Actor,
    matterId: string,
    fee: FeeArrangementDto,
  ): Promise<FeeArrangementDto> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const matter = await this.matters.findForUpdate(manager, matterId);
      if (!matter) throw new NotFoundError('matter', matterId);
      assertFeeArrangement(fee, matter.practiceArea);
      await this.matters.saveFeeArrangement(manager, actor.firmId, matterId, fee);
      await recordMatterEvent(manager, actor, 'intake.matter.updated', matter, { feeArrangement: fee.type });
      return fee;
    });
  }

  private async change(
    actor: Actor,
    id: string,
    apply: (
      manager: EntityManager,
      matter: Matter,
    ) => Promise<'intake.matter.updated' | 'intake.matter.closed' | 'intake.matter.reopened'>,
  ): Promise<MatterView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const matter = await this.matters.findForUpdate(manager, id);
      if (!matter) throw new NotFoundError('matter', id);
      const event = await apply(manager, matter);
      matter.updatedAt = new Date();
      const saved = await this.matters.save(manager, matter);
      await recordMatterEvent(manager, actor, event, saved);
      return toMatterView(saved);
    });
  }

  private async resolveParties(
    manager: EntityManager,
    parties: MatterPartyDto[],
    prefix = 'parties',
  ): Promise<ResolvedParty[]> {
    const resolved: ResolvedParty[] = [];
    for (const [index, party] of parties.entries()) {
      const field = prefix ? `${prefix}[${index}]` : 'party';
      const given = [
        party.name !== undefined,
        party.clientId !== undefined,
        party.entityId !== undefined,
      ].filter(Boolean).length;
      if (given !== 1) throw new InvalidPartyError(field);
      if (party.clientId) {
        const client = await this.clients.summaryWithin(manager, party.clientId);
        if (!client) throw new UnknownClientError(party.clientId, `${field}.clientId`);
        resolved.push({
          role: party.role,
          query: { name: client.name, kind: client.kind, role: party.role },
          existing: { type: 'client', id: client.id },
        });
      } else if (party.entityId) {
        const entity = await this.parties.findEntity(manager, party.entityId);
        if (!entity) throw new UnknownPartyError(party.entityId, `${field}.entityId`);
        resolved.push({
          role: party.role,
          query: { name: entity.name, kind: entity.kind, role: party.role },
          existing: { type: 'entity', id: entity.id },
        });
      } else {
        if (!party.kind)
          throw new ValidationFailedError([
            { field: `${field}.kind`, message: 'kind (person or company) is required with a name' },
          ]);
        const name = party.name ?? '';
        resolved.push({
          role: party.role,
          query: { name, kind: party.kind, role: party.role },
          create: { name, kind: party.kind, alternateNames: party.alternateNames ?? [] },
        });
        for (const alias of party.alternateNames ?? [])
          resolved.push({ role: party.role, query: { name: alias, kind: party.kind, role: party.role } });
      }
    }
    return resolved;
  }

  /** Returns the id of the client or entity now in the matter. */
  private async attachParty(
    manager: EntityManager,
    actor: Actor,
    matterId: string,
    party: ResolvedParty,
  ): Promise<string | undefined> {
    if (party.existing) {
      await this.parties.addToMatter(
        manager,
        actor.firmId,
        matterId,
        party.role,
        party.existing.type,
        party.existing.id,
      );
      return party.existing.id;
    }
    if (!party.create) return undefined; // an alternate name of a party created just before
    const entityId = await this.parties.recordEntity(manager, actor.firmId, party.create);
    await this.conflicts.indexNames(manager, actor.firmId, 'entity', entityId, [
      { name: party.create.name, nameType: 'primary', kind: party.create.kind },
      ...party.create.alternateNames.map((alias) => ({
        name: alias,
        nameType: 'aka' as const,
        kind: party.create?.kind,
      })),
    ]);
    await this.parties.addToMatter(manager, actor.firmId, matterId, party.role, 'entity', entityId);
    return entityId;
  }
}

export const CONFLICT_DECLINED = 'conflict-declined';

export function toPartyView(party: MatterParty): PartyView {
  return {
    id: party.id,
    role: party.role,
    partyType: party.partyType,
    partyId: party.partyId,
    name: party.name,
    kind: party.kind,
  };
}

export function toMatterView(matter: Matter): MatterView {
  return {
    id: matter.id,
    number: matter.number,
    clientId: matter.clientId,
    title: matter.title,
    practiceArea: matter.practiceArea,
    jurisdiction: matter.jurisdiction,
    court: matter.court,
    responsibleAttorneyId: matter.responsibleAttorneyId,
    originatingAttorneyId: matter.originatingAttorneyId,
    status: matter.status,
    openedAt: matter.openedAt ? matter.openedAt.toISOString() : null,
    closedAt: matter.closedAt ? matter.closedAt.toISOString() : null,
    closureReason: matter.closureReason,
    createdAt: matter.createdAt.toISOString(),
  };
}
