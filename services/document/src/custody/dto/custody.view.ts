import { ApiProperty } from '@nestjs/swagger';
import { CUSTODY_ACTIONS, type CustodyAction } from '../custody-event.entity';

export class CustodyEventView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) documentId!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) versionId!: string | null;
  @ApiProperty({ enum: CUSTODY_ACTIONS }) action!: CustodyAction;
  @ApiProperty({ enum: ['user', 'integration', 'vendor', 'ops', 'service'] }) actorType!: string;
  @ApiProperty({ description: 'The user, integration or vendor id from the token.' }) actorId!: string;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty({
    nullable: true,
    type: String,
    description: "The request id; the gateway's request record under it holds the caller's address.",
  })
  requestId!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The peer address this service saw.' })
  clientAddress!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) details!: Record<
    string,
    string | number | boolean | null
  >;
}

export class CustodyEventPage {
  @ApiProperty({ type: [CustodyEventView] }) items!: CustodyEventView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
