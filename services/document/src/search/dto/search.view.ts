import { ApiProperty } from '@nestjs/swagger';

export class SearchHitView {
  @ApiProperty({ format: 'uuid' }) documentId!: string;
  @ApiProperty({ format: 'uuid' }) matterId!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ nullable: true, type: String }) custodian!: string | null;
  @ApiProperty({ format: 'uuid', description: 'The current version, whose text matched.' })
  versionId!: string;
  @ApiProperty({ minimum: 1 }) version!: number;
  @ApiProperty() fileName!: string;
  @ApiProperty() mediaType!: string;
  @ApiProperty({ format: 'date-time', description: 'When the document was filed.' }) createdAt!: string;
  @ApiProperty({ description: 'ts_rank of the match: higher is better; results come best first.' })
  rank!: number;
  @ApiProperty({
    description: 'Passages of the text with each matched word between [[ and ]] (plain text, not HTML).',
    example: 'the [[indemnification]] clause of the agreement',
  })
  highlight!: string;
}

export class SearchPage {
  @ApiProperty({ type: [SearchHitView] }) items!: SearchHitView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class SearchTagResult {
  @ApiProperty({ minimum: 0, description: 'Documents tagged: every match of the search.' }) tagged!: number;
}
