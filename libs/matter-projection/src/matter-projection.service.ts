import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { findProjectedMatter } from './handlers';
import type { ProjectedMatter } from './projected-matter.entity';

/** What a service's features may ask of the matter projection: the local copy of one matter. */
@Injectable()
export class MatterProjectionService {
  /** The matter as last seen on intake.matter.v1, or null if none has arrived (or it is another firm's). */
  find(manager: EntityManager, matterId: string): Promise<ProjectedMatter | null> {
    return findProjectedMatter(manager, matterId);
  }
}
