import { ApiProperty } from '@nestjs/swagger';

export class FolderView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) matterId!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) parentId!: string | null;
  @ApiProperty() name!: string;
  @ApiProperty({ example: '/Pleadings/Drafts' }) path!: string;
  @ApiProperty() createdBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class FolderList {
  @ApiProperty({ type: [FolderView] }) items!: FolderView[];
}

export class VersionView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ minimum: 1 }) version!: number;
  @ApiProperty({ description: 'The file name the uploader gave.' }) fileName!: string;
  @ApiProperty({ minimum: 0 }) sizeBytes!: number;
  @ApiProperty({ description: 'Sniffed from the content, never taken from the uploader.' })
  mediaType!: string;
  @ApiProperty({ pattern: '^[0-9a-f]{64}$' }) sha256!: string;
  @ApiProperty() uploadedBy!: string;
  @ApiProperty({ enum: ['user', 'integration', 'vendor', 'ops', 'service'] }) uploaderType!: string;
  @ApiProperty({ format: 'date-time' }) uploadedAt!: string;
}

export class VersionList {
  @ApiProperty({ type: [VersionView] }) items!: VersionView[];
}

export class DocumentView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) matterId!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) folderId!: string | null;
  @ApiProperty() title!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Whose files it was collected from.' })
  custodian!: string | null;
  @ApiProperty({ minimum: 1 }) currentVersion!: number;
  @ApiProperty({ type: VersionView }) latest!: VersionView;
  @ApiProperty() createdBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class DocumentPage {
  @ApiProperty({ type: [DocumentView] }) items!: DocumentView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class FirmKeyRotationView {
  @ApiProperty({ minimum: 1, description: "The firm key's new version." }) firmKeyVersion!: number;
  @ApiProperty({ minimum: 0, description: 'Data keys re-wrapped under it (no content was re-encrypted).' })
  rewrappedVersions!: number;
}

/** An entry of the destruction register. */
export class DestructionView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) documentId!: string;
  @ApiProperty({ format: 'uuid' }) matterId!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ description: 'How many versions were destroyed.' }) versions!: number;
  @ApiProperty() reason!: string;
  @ApiProperty() destroyedBy!: string;
  @ApiProperty({ format: 'date-time' }) destroyedAt!: string;
}

export class DestructionList {
  @ApiProperty({ type: [DestructionView] }) items!: DestructionView[];
}
