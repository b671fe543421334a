import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { MATTER_STATUSES, type MatterStatus } from '@lawfirm/contracts';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export class CreateMatterDto {
  @ApiProperty({ format: 'uuid', description: 'An existing client of the firm.' })
  @IsUUID('all', { message: 'clientId must be the id of a client' })
  clientId!: string;

  @ApiProperty({ example: 'Acme v. Globex — breach of supply contract', maxLength: 500 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'title must not be empty' })
  @MaxLength(500)
  title!: string;

  @ApiPropertyOptional({ example: 'commercial-litigation', maxLength: 100 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'practiceArea must not be empty when given' })
  @MaxLength(100)
  practiceArea?: string;
}

export class MatterView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '2026-0001' }) number!: string;
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty() title!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) practiceArea!: string | null;
  @ApiProperty({ enum: MATTER_STATUSES }) status!: MatterStatus;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) openedAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class MatterPage {
  @ApiProperty({ type: [MatterView] }) items!: MatterView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
