import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IMPORT_MODES,
  MAX_BATCH_ENTRIES,
  MAX_EXTERNAL_ID_LENGTH,
  type ImportBatch,
  type ImportMode,
} from '../import-row';

/** One row as the caller sends it. Documentation only: rows are checked one by one in import-row.ts. */
export class ImportEntryDoc {
  @ApiProperty({
    maxLength: MAX_EXTERNAL_ID_LENGTH,
    example: 'export.csv:2',
    description:
      'Your id for the row; unique per firm. A row whose externalId already exists is reported as a duplicate and not created again.',
  })
  externalId!: string;
  @ApiProperty({ format: 'uuid', description: 'An open matter of the firm.' }) matterId!: string;
  @ApiProperty({ example: '2026-11-20' }) workDate!: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 1440, description: 'Raw minutes. Give this or `duration`.' })
  minutes?: number;
  @ApiPropertyOptional({
    example: '1h 12m',
    description: 'Duration as typed (72, 72min, 1h 12m, 1:12, 1.2h). Give this or `minutes`.',
  })
  duration?: string;
  @ApiProperty({ maxLength: 4000 }) narrative!: string;
  @ApiPropertyOptional({ default: true }) billable?: boolean;
  @ApiPropertyOptional({ example: 'L120' }) taskCode?: string;
  @ApiPropertyOptional({ example: 'A103' }) activityCode?: string;
  @ApiPropertyOptional({ description: 'Whose time it is; defaults to the caller.' }) timekeeperId?: string;
}

/** The request body, for the OpenAPI document; checkImportBatch and checkImportRow check it. */
export class ImportBatchDto implements ImportBatch {
  @ApiProperty({
    enum: IMPORT_MODES,
    description:
      '`all-or-nothing`: one bad row rejects the batch (422) and nothing is stored. `accept-valid`: valid rows are stored, bad rows reported.',
  })
  mode!: ImportMode;

  @ApiProperty({ type: [ImportEntryDoc], minItems: 1, maxItems: MAX_BATCH_ENTRIES })
  entries!: unknown[];
}

export class ImportFieldErrorView {
  @ApiProperty({ example: 'matterId' }) field!: string;
  @ApiProperty() message!: string;
}

export const IMPORT_ROW_STATUSES = ['created', 'duplicate', 'failed', 'valid'] as const;
export type ImportRowStatus = (typeof IMPORT_ROW_STATUSES)[number];

export class ImportRowResultView {
  @ApiProperty({ description: 'Position of the row in `entries` (from 0).' }) index!: number;
  @ApiProperty({
    nullable: true,
    type: String,
    description: "The row's externalId (null when that field itself was invalid).",
  })
  externalId!: string | null;
  @ApiProperty({
    enum: IMPORT_ROW_STATUSES,
    description:
      '`created`; `duplicate` (already imported: `id` is the existing entry); `failed` (see `errors`); `valid` only in a rejected all-or-nothing batch: the row was fine but nothing was stored.',
  })
  status!: ImportRowStatus;
  @ApiPropertyOptional({ format: 'uuid' }) id?: string;
  @ApiPropertyOptional({ type: [ImportFieldErrorView] }) errors?: ImportFieldErrorView[];
}

export class ImportResultView {
  @ApiProperty() created!: number;
  @ApiProperty() duplicates!: number;
  @ApiProperty() failed!: number;
  @ApiProperty({ type: [ImportRowResultView] }) results!: ImportRowResultView[];
}
