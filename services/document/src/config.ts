import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { ServiceConfig } from '@lawfirm/platform';

export class DocumentConfig extends ServiceConfig {
  /**
   * Where the local-disk blob store keeps encrypted blobs (default `.local/document-blobs` under the
   * working directory). Only ciphertext is written there.
   */
  @IsOptional()
  @IsString()
  DOCUMENT_STORAGE_DIR: string = '.local/document-blobs';

  /**
   * The master key-encryption key (base64url of exactly 32 bytes) that wraps each firm's key. Unset
   * outside production: one is generated once into `<DOCUMENT_STORAGE_DIR>/master.key` (mode 0600).
   * Required when NODE_ENV=production.
   */
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{43}$/, { message: 'DOCUMENT_MASTER_KEY must be base64url of exactly 32 bytes' })
  DOCUMENT_MASTER_KEY?: string;

  /** The largest file one upload may carry (default 2 GiB); a larger one answers 413 and leaves nothing behind. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(64 * 1024 * 1024 * 1024)
  DOCUMENT_MAX_UPLOAD_BYTES: number = 2 * 1024 * 1024 * 1024;

  /**
   * PDF and DOCX files larger than this (default 16 MiB) are not parsed for search (their parsers hold
   * the whole file in memory); such a version is recorded as skipped, `too-large`.
   */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1024 * 1024 * 1024)
  DOCUMENT_EXTRACT_MAX_BYTES: number = 16 * 1024 * 1024;

  /**
   * Extracted text kept and indexed per version (default and most 300,000 characters, about 100
   * pages); the rest is cut. The bound keeps any text's tsvector under PostgreSQL's 1 MB limit.
   */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  @Max(300_000)
  DOCUMENT_TEXT_MAX_CHARS: number = 300_000;
}
