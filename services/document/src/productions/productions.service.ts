import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { recordChange } from '@lawfirm/audit';
import type { Actor } from '@lawfirm/auth';
import { withTenant } from '@lawfirm/database';
import { DomainError, NotFoundError, ValidationFailedError } from '@lawfirm/errors';
import { MatterProjectionService } from '@lawfirm/matter-projection';
import { CustodyService, type RequestOrigin } from '../custody/custody.service';
import { DocumentsService } from '../documents/documents.service';
import type { BatesSettingsDto, CreateProductionDto } from './dto/production.dto';
import type { BatesSettingsView, ProductionView } from './dto/production.view';
import { assignBates, batesLabel } from './bates.rules';
import type { BatesCounter } from './bates-counter.entity';
import type { ProductionDocument } from './production-document.entity';
import type { Production } from './production.entity';
import { ProductionsRepository } from './productions.repository';

export class BatesNotConfiguredError extends DomainError {
  constructor(matterId: string) {
    super(
      'conflict',
      'bates_not_configured',
      `Matter ${matterId} has no Bates prefix yet: set one with PUT /v1/matters/${matterId}/bates first.`,
    );
  }
}

/**
 * Bates numbering per matter and productions: a production stamps its documents' current versions
 * with consecutive numbers from the matter's counter in one transaction holding the counter's row
 * lock, so concurrent productions never interleave, leave a gap or repeat a number (a unique index
 * backs the last). All or nothing: one unknown document and nothing is stamped.
 */
@Injectable()
export class ProductionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly productions: ProductionsRepository,
    private readonly documents: DocumentsService,
    private readonly custody: CustodyService,
    private readonly matters: MatterProjectionService,
  ) {}

  async configure(actor: Actor, matterId: string, input: BatesSettingsDto): Promise<BatesSettingsView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      if (!(await this.matters.find(manager, matterId))) throw new NotFoundError('matter', matterId);
      const existing = await this.productions.lockCounter(manager, matterId);
      const counter: BatesCounter = {
        firmId: actor.firmId,
        matterId,
        prefix: input.prefix,
        padding: input.padding,
        nextNumber: existing?.nextNumber ?? '1',
      };
      await this.productions.saveCounter(manager, counter);
      await recordChange(manager, actor, {
        action: 'document.bates-configured',
        resourceType: 'matter',
        resourceId: matterId,
        details: { prefix: input.prefix, padding: input.padding },
      });
      return {
        matterId,
        prefix: counter.prefix,
        padding: counter.padding,
        nextNumber: Number(counter.nextNumber),
      };
    });
  }

  async produce(
    actor: Actor,
    origin: RequestOrigin,
    matterId: string,
    input: CreateProductionDto,
  ): Promise<ProductionView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      if (!(await this.matters.find(manager, matterId))) throw new NotFoundError('matter', matterId);
      const found = new Map(
        (await this.documents.summaries(manager, input.documentIds)).map((document) => [
          document.id,
          document,
        ]),
      );
      const problems = input.documentIds.flatMap((id, index) =>
        found.get(id)?.matterId === matterId && found.get(id)?.versionId
          ? []
          : [
              {
                field: `documentIds[${index}]`,
                message: `documentIds[${index}] is not a document of this matter`,
              },
            ],
      );
      if (problems.length) throw new ValidationFailedError(problems);
      const counter = await this.productions.lockCounter(manager, matterId);
      if (!counter) throw new BatesNotConfiguredError(matterId);
      const { numbers, nextAfter } = assignBates(Number(counter.nextNumber), input.documentIds.length);
      const production: Production = {
        firmId: actor.firmId,
        id: randomUUID(),
        matterId,
        name: input.name,
        prefix: counter.prefix,
        padding: counter.padding,
        firstNumber: String(numbers[0]),
        lastNumber: String(numbers[numbers.length - 1]),
        producedBy: actor.subject,
        producedAt: new Date(),
      };
      const stamped: ProductionDocument[] = input.documentIds.map((documentId, index) => ({
        firmId: actor.firmId,
        productionId: production.id,
        position: index + 1,
        matterId,
        documentId,
        versionId: found.get(documentId)?.versionId as string,
        batesStart: String(numbers[index]),
        batesEnd: String(numbers[index]),
      }));
      await this.productions.insert(manager, production, stamped);
      await this.productions.advance(manager, matterId, nextAfter);
      for (const document of stamped)
        await this.custody.record(manager, actor, origin, {
          documentId: document.documentId,
          versionId: document.versionId,
          action: 'produced',
          details: {
            productionId: production.id,
            bates: batesLabel(counter.prefix, counter.padding, Number(document.batesStart)),
          },
        });
      const view = viewOf(production, stamped);
      await recordChange(manager, actor, {
        action: 'document.production-created',
        resourceType: 'production',
        resourceId: production.id,
        details: {
          matterId,
          documents: stamped.length,
          firstBates: view.firstBates,
          lastBates: view.lastBates,
        },
      });
      return view;
    });
  }

  /** Each document's Bates numbers in every production it is in (`ACME000002; ACME000009`), inside the caller's transaction. */
  async batesOf(manager: EntityManager, documentIds: readonly string[]): Promise<Map<string, string>> {
    const stamps = new Map<string, string[]>();
    for (const { document, production } of await this.productions.stampsOf(manager, documentIds)) {
      const start = batesLabel(production.prefix, production.padding, Number(document.batesStart));
      const end = batesLabel(production.prefix, production.padding, Number(document.batesEnd));
      stamps.set(document.documentId, [
        ...(stamps.get(document.documentId) ?? []),
        start === end ? start : `${start}-${end}`,
      ]);
    }
    return new Map([...stamps].map(([documentId, ranges]) => [documentId, ranges.join('; ')]));
  }

  async get(actor: Actor, productionId: string): Promise<ProductionView> {
    return withTenant(this.dataSource, actor.firmId, async (manager) => {
      const production = await this.productions.find(manager, productionId);
      if (!production) throw new NotFoundError('production', productionId);
      return viewOf(production, await this.productions.documents(manager, productionId));
    });
  }
}

function viewOf(production: Production, documents: ProductionDocument[]): ProductionView {
  const label = (bates: string): string => batesLabel(production.prefix, production.padding, Number(bates));
  return {
    id: production.id,
    matterId: production.matterId,
    name: production.name,
    firstBates: label(production.firstNumber),
    lastBates: label(production.lastNumber),
    producedBy: production.producedBy,
    producedAt: production.producedAt.toISOString(),
    documents: documents.map((document) => ({
      documentId: document.documentId,
      versionId: document.versionId,
      batesStart: label(document.batesStart),
      batesEnd: label(document.batesEnd),
    })),
  };
}
