import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { BillingLetterheadRecord } from './billing-letterhead.entity';
import { EbillingProfileRecord } from './ebilling-profile.entity';

@Injectable()
export class LedesRepository {
  profile(manager: EntityManager, clientId: string): Promise<EbillingProfileRecord | null> {
    return manager.getRepository(EbillingProfileRecord).findOneBy({ clientId });
  }

  /** Insert or replace in one statement (ON CONFLICT), so concurrent saves never collide on the key. */
  async saveProfile(manager: EntityManager, profile: EbillingProfileRecord): Promise<void> {
    await manager.getRepository(EbillingProfileRecord).upsert(profile, ['firmId', 'clientId']);
  }

  letterhead(manager: EntityManager, firmId: string): Promise<BillingLetterheadRecord | null> {
    return manager.getRepository(BillingLetterheadRecord).findOneBy({ firmId });
  }

  async saveLetterhead(manager: EntityManager, letterhead: BillingLetterheadRecord): Promise<void> {
    await manager.getRepository(BillingLetterheadRecord).upsert(letterhead, ['firmId']);
  }
}
