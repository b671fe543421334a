import { IdempotencyKeyRow } from '@lawfirm/database';
import { ProjectedMatter } from '@lawfirm/matter-projection';
import { InboxRecord, OutboxMessage } from '@lawfirm/messaging';
import { CustodyEvent } from './custody/custody-event.entity';
import { DocumentDestruction } from './documents/document-destruction.entity';
import { DocumentVersion } from './documents/document-version.entity';
import { DocumentRecord } from './documents/document.entity';
import { Folder } from './documents/folder.entity';
import { Initial1764000000000 } from './migrations/1764000000000-initial';
import { OutboxParking1765500000000 } from './migrations/1765500000000-outbox-parking';
import { IdempotencyKeys1765950000000 } from './migrations/1765950000000-idempotency-keys';
import { Documents1766500000001 } from './migrations/1766500000001-documents';
import { DocumentReviews1766500000002 } from './migrations/1766500000002-document-reviews';
import { Productions1766500000003 } from './migrations/1766500000003-productions';
import { HoldsAndDestruction1766500000004 } from './migrations/1766500000004-holds-and-destruction';
import { DocumentSearch1767700000001 } from './migrations/1767700000001-document-search';
import { LegalHold } from './holds/legal-hold.entity';
import { BatesCounter } from './productions/bates-counter.entity';
import { ProductionDocument } from './productions/production-document.entity';
import { Production } from './productions/production.entity';
import { DocumentReview } from './review/document-review.entity';
import { DocumentText } from './text-index/document-text.entity';
import { FirmKey } from './vault/firm-key.entity';

/** Every table of document's database (the schema-drift test fails on one missing here). */
export const ENTITIES = [
  ProjectedMatter,
  OutboxMessage,
  InboxRecord,
  IdempotencyKeyRow,
  FirmKey,
  Folder,
  DocumentRecord,
  DocumentVersion,
  CustodyEvent,
  DocumentReview,
  BatesCounter,
  Production,
  ProductionDocument,
  LegalHold,
  DocumentDestruction,
  DocumentText,
];
export const MIGRATIONS = [
  Initial1764000000000,
  OutboxParking1765500000000,
  IdempotencyKeys1765950000000,
  Documents1766500000001,
  DocumentReviews1766500000002,
  Productions1766500000003,
  HoldsAndDestruction1766500000004,
  DocumentSearch1767700000001,
];
