import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { IsOptionalNotNull } from '@lawfirm/errors';
import { MATTER_STATUSES, type MatterStatus } from '@lawfirm/contracts';
import { PARTY_ROLES, type PartyRole } from '../../parties/party.service';
import { FeeArrangementDto } from './fee-arrangement.dto';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);
const OTHER_ROLES = PARTY_ROLES.filter((role) => role !== 'client');

/** A party to the matter: an existing client or entity of the firm, or a new person or company by name. */
export class MatterPartyDto {
  @ApiProperty({ enum: OTHER_ROLES })
  @IsIn(OTHER_ROLES, { message: `role must be one of: ${OTHER_ROLES.join(', ')}` })
  role!: Exclude<PartyRole, 'client'>;

  @ApiPropertyOptional({ description: 'A new person or company, by name.', example: 'Globex Corporation' })
  @IsOptionalNotNull()
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(300)
  name?: string;

  @ApiPropertyOptional({ enum: ['person', 'company'] })
  @IsOptionalNotNull()
  @IsIn(['person', 'company'], { message: 'kind must be person or company' })
  kind?: 'person' | 'company';

  @ApiPropertyOptional({
    type: [String],
    description: 'Other names the party goes by (aka, former, trade names).',
  })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(300, { each: true })
  alternateNames?: string[];

  @ApiPropertyOptional({ format: 'uuid', description: 'An existing client of the firm in this role.' })
  @IsOptionalNotNull()
  @IsUUID('all', { message: 'clientId must be a UUID' })
  clientId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'A person or company already recorded by the firm.' })
  @IsOptionalNotNull()
  @IsUUID('all', { message: 'entityId must be a UUID' })
  entityId?: string;
}

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

  @ApiPropertyOptional({ example: 'US-NY' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  jurisdiction?: string;

  @ApiPropertyOptional({ example: 'S.D.N.Y.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  court?: string;

  @ApiPropertyOptional({ description: 'User id of the responsible attorney.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  responsibleAttorneyId?: string;

  @ApiPropertyOptional({ description: 'User id of the originating attorney.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  originatingAttorneyId?: string;

  @ApiPropertyOptional({ type: [MatterPartyDto] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(100)
  @IsObject({ each: true, message: 'parties must be a list of objects' })
  @ValidateNested({ each: true })
  @Type(() => MatterPartyDto)
  parties?: MatterPartyDto[];

  @ApiPropertyOptional({ type: FeeArrangementDto })
  @IsOptionalNotNull()
  @IsObject({ message: 'feeArrangement must be an object' })
  @ValidateNested()
  @Type(() => FeeArrangementDto)
  feeArrangement?: FeeArrangementDto;
}

export class UpdateMatterDto {
  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  title?: string;
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  practiceArea?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) jurisdiction?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) court?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) responsibleAttorneyId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) originatingAttorneyId?: string;
}

export class CloseMatterDto {
  @ApiPropertyOptional({ example: 'Settled; final bill paid.' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

export class MatterView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '2026-0001' }) number!: string;
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty() title!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) practiceArea!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) jurisdiction!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) court!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) responsibleAttorneyId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) originatingAttorneyId!: string | null;
  @ApiProperty({ enum: MATTER_STATUSES, description: '`pending` while a conflict check awaits sign-off.' })
  status!: MatterStatus;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) openedAt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) closedAt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) closureReason!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiPropertyOptional({
    description: 'On creation: the conflict check that was run (see /conflict-checks).',
  })
  conflictCheck?: { id: string; status: string; hitCount: number };
}

export class MatterPage {
  @ApiProperty({ type: [MatterView] }) items!: MatterView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
