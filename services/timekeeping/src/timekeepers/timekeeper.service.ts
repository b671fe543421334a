import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '@lawfirm/auth';

export interface ResolvedTimekeeper {
  timekeeperId: string;
  classification: string | null;
  outsourced: boolean;
}

/**
 * Who an entry belongs to. (Interim: the caller themself, unclassified; vendor callers'
 * work counts as outsourced.)
 */
@Injectable()
export class TimekeeperService {
  async resolve(_manager: EntityManager, actor: Actor, requestedTimekeeperId?: string): Promise<ResolvedTimekeeper> {
    return { timekeeperId: requestedTimekeeperId ?? actor.subject, classification: null, outsourced: actor.actorType === 'vendor' };
  }
}
