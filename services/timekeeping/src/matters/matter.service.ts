import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { FieldError } from '@lawfirm/errors';
import { MatterProjectionService, type ProjectedMatter } from '@lawfirm/matter-projection';
import {
  MatterNotOpenError,
  MatterUnknownError,
  notOpenFieldMessage,
  UNKNOWN_MATTER_FIELD_MESSAGE,
  type RecordedOnMatter,
} from './matter.exception';

export type { ProjectedMatter } from '@lawfirm/matter-projection';
export type { RecordedOnMatter } from './matter.exception';

/**
 * The matters timekeeping knows from intake's events (the projection), and the one rule every
 * recording path shares: time and expenses go on an open matter of the caller's firm only.
 */
@Injectable()
export class MatterService {
  constructor(private readonly projection: MatterProjectionService) {}

  /** The open matter, or a 422 naming `matterId` (unknown, or known but not open). */
  async requireOpen(
    manager: EntityManager,
    matterId: string,
    recorded: RecordedOnMatter,
  ): Promise<ProjectedMatter> {
    const matter = await this.projection.find(manager, matterId);
    if (!matter) throw new MatterUnknownError(matterId);
    if (!isOpen(matter)) throw new MatterNotOpenError(matterId, matter.status, recorded);
    return matter;
  }

  /** The same rule for a row of a batch, which reports a field error instead of throwing. */
  checkOpen<M extends { status: string }>(matter: M | undefined): { open: M } | { problem: FieldError } {
    if (!matter) return { problem: { field: 'matterId', message: UNKNOWN_MATTER_FIELD_MESSAGE } };
    if (!isOpen(matter))
      return { problem: { field: 'matterId', message: notOpenFieldMessage(matter.status) } };
    return { open: matter };
  }
}

function isOpen(matter: { status: string }): boolean {
  return matter.status === 'open';
}
