import { IsInt, IsISO8601, IsString, IsUUID, Matches, Min } from 'class-validator';

/** Published by document when a file is stored: a new document (version 1) or a new version of one. */
export class DocumentUploadedV1 {
  static readonly type = 'document.document.uploaded';
  @IsUUID() documentId!: string;
  @IsUUID() matterId!: string;
  @IsUUID() versionId!: string;
  @IsInt() @Min(1) version!: number;
  @IsInt() @Min(0) sizeBytes!: number;
  /** Sniffed from the content, never the uploader's claim. */
  @IsString() mediaType!: string;
  @Matches(/^[0-9a-f]{64}$/) sha256!: string;
  @IsISO8601() uploadedAt!: string;
}
