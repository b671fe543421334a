import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
} from 'class-validator';
import { OUTSOURCING_SCOPES, type OutsourcingScope } from '@lawfirm/contracts';
import { IsPastOrCurrentDate } from '@lawfirm/primitives';
import { CONSENT_METHODS, CONSENT_STATUSES, type ConsentMethod, type ConsentStatus } from '../consent.model';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

const MAX_VENDORS = 100;
// class-validator runs a property's rules bottom-up and the global pipe stops at the first broken
// one, so each list of rules is written from the most specific (top) to the most basic (bottom).
export class GrantConsentDto {
  @ApiProperty({
    enum: OUTSOURCING_SCOPES,
    isArray: true,
    minItems: 1,
    uniqueItems: true,
    description: 'Kinds of work the client agreed may be outsourced.',
  })
  @ArrayUnique({ message: 'scopes must not name a scope twice' })
  @IsIn(OUTSOURCING_SCOPES, {
    each: true,
    message: `scopes may contain only: ${OUTSOURCING_SCOPES.join(', ')}`,
  })
  @ArrayNotEmpty({ message: 'scopes must name at least one outsourcing scope' })
  @IsArray({ message: 'scopes must be a list of outsourcing scopes' })
  scopes!: OutsourcingScope[];

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    minItems: 1,
    maxItems: MAX_VENDORS,
    uniqueItems: true,
    description: 'The only vendors the consent covers. Omit it to cover any vendor the firm has approved.',
  })
  @IsOptional()
  @ArrayUnique((id: unknown) => (typeof id === 'string' ? id.toLowerCase() : id), {
    message: 'vendorIds must not name a vendor twice',
  })
  @IsUUID('all', { each: true, message: 'vendorIds must contain only vendor ids (UUIDs)' })
  @ArrayMaxSize(MAX_VENDORS, { message: `vendorIds may name at most ${MAX_VENDORS} vendors` })
  @ArrayNotEmpty({ message: 'vendorIds must name at least one vendor; omit it to allow any approved vendor' })
  @IsArray({ message: 'vendorIds must be a list of vendor ids' })
  vendorIds?: string[];

  @ApiProperty({
    format: 'date',
    example: '2026-01-15',
    description: 'The day the client gave consent; not in the future.',
  })
  @IsPastOrCurrentDate()
  givenOn!: string;

  @ApiProperty({ enum: CONSENT_METHODS })
  @IsIn(CONSENT_METHODS, { message: `method must be one of: ${CONSENT_METHODS.join(', ')}` })
  method!: ConsentMethod;

  @ApiPropertyOptional({
    maxLength: 500,
    example: 'DMS-2026-000123',
    description: 'Where the signed consent or engagement letter is kept.',
  })
  @IsOptional()
  @MaxLength(500, { message: 'documentRef must be at most 500 characters' })
  @IsNotEmpty({ message: 'documentRef must not be empty when given' })
  @IsString({ message: 'documentRef must be text' })
  @Transform(trim)
  documentRef?: string;
}

export class ConsentView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty({ enum: OUTSOURCING_SCOPES, isArray: true }) scopes!: OutsourcingScope[];
  @ApiProperty({
    type: [String],
    format: 'uuid',
    nullable: true,
    description: 'null: any vendor the firm has approved.',
  })
  vendorIds!: string[] | null;
  @ApiProperty({ format: 'date' }) givenOn!: string;
  @ApiProperty({ enum: CONSENT_METHODS }) method!: ConsentMethod;
  @ApiProperty({ nullable: true, type: String }) documentRef!: string | null;
  @ApiProperty({ description: 'Who recorded the consent.' }) grantedBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ enum: CONSENT_STATUSES }) status!: ConsentStatus;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) revokedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) revokedBy!: string | null;
  @ApiProperty({ nullable: true, type: String }) revocationReason!: string | null;
}

export class ConsentPage {
  @ApiProperty({ type: [ConsentView] }) items!: ConsentView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
