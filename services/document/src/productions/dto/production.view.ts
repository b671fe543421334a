import { ApiProperty } from '@nestjs/swagger';

export class BatesSettingsView {
  @ApiProperty({ format: 'uuid' }) matterId!: string;
  @ApiProperty() prefix!: string;
  @ApiProperty() padding!: number;
  @ApiProperty({ description: 'The next number a production will stamp.' }) nextNumber!: number;
}

export class ProducedDocumentView {
  @ApiProperty({ format: 'uuid' }) documentId!: string;
  @ApiProperty({ format: 'uuid' }) versionId!: string;
  @ApiProperty({ example: 'ACME000042' }) batesStart!: string;
  @ApiProperty({ example: 'ACME000042' }) batesEnd!: string;
}

export class ProductionView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) matterId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: 'ACME000001' }) firstBates!: string;
  @ApiProperty({ example: 'ACME000020' }) lastBates!: string;
  @ApiProperty() producedBy!: string;
  @ApiProperty({ format: 'date-time' }) producedAt!: string;
  @ApiProperty({ type: [ProducedDocumentView] }) documents!: ProducedDocumentView[];
}
