import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { SIGNOFF_DECISIONS, type SignoffDecision } from '../conflict.types';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export class ConflictNameDto {
  @ApiProperty({ example: 'Acme Corp.' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(300)
  name!: string;

  @ApiPropertyOptional({
    enum: ['person', 'company'],
    description: 'Improves matching (nicknames for people, suffixes for companies).',
  })
  @IsOptional()
  @IsIn(['person', 'company'], { message: 'kind must be person or company' })
  kind?: 'person' | 'company';
}

export class RunConflictCheckDto {
  @ApiProperty({ type: [ConflictNameDto] })
  @IsArray()
  @ArrayMinSize(1, { message: 'names must list at least one name' })
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => ConflictNameDto)
  names!: ConflictNameDto[];

  @ApiPropertyOptional({
    example: 'lateral-hire',
    description: 'Why the search was run (lead, lateral hire, …).',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  purpose?: string;
}

export class SignOffDto {
  @ApiProperty({ enum: SIGNOFF_DECISIONS })
  @IsIn(SIGNOFF_DECISIONS, { message: `decision must be one of: ${SIGNOFF_DECISIONS.join(', ')}` })
  decision!: SignoffDecision;

  @ApiPropertyOptional({ description: 'Required for a waiver: the reference of the signed conflict waiver.' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  waiverReference?: string;

  @ApiPropertyOptional({ description: 'Required when declining; recommended always.' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason?: string;
}

/** A matter the hit record appears in (documented as an object: it was `string[]`, found by the API fuzzer). */
export class ConflictHitMatterView {
  @ApiProperty({ format: 'uuid' }) matterId!: string;
  @ApiProperty({ example: '2026-0001' }) number!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ example: 'open' }) status!: string;
  @ApiProperty({ example: 'client', description: "The record's role in the matter." }) role!: string;
}

export class ConflictHitView {
  @ApiProperty() query!: string;
  @ApiProperty({
    description:
      'The record that matched: type (client, entity, lead), id, its name and the name that matched.',
  })
  record!: { type: string; id: string; name: string; matchedName: string; nameType: string };
  @ApiProperty({
    example: 'nickname',
    description:
      'exact, normalized, token-order, nickname, name-variant (given names of one variant family, same family name), phonetic (family names that sound alike), fuzzy, or relationship:<kind>',
  })
  rule!: string;
  @ApiProperty({ example: 0.93, description: '0–1; 1 for matches equal after normalisation.' })
  score!: number;
  @ApiProperty({
    type: [ConflictHitMatterView],
    description: 'Matters in which the record appears, with its role.',
  })
  matters!: ConflictHitMatterView[];
  @ApiPropertyOptional({ description: 'For a hit found through a relationship: the record that matched.' })
  via?: { type: string; id: string; name: string; relationship: string };
}

export class ConflictCheckView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) matterId!: string | null;
  @ApiProperty() purpose!: string;
  @ApiProperty({ type: [ConflictNameDto] }) query!: Array<{ name: string; kind?: string; role?: string }>;
  @ApiProperty({
    type: [ConflictHitView],
    description: 'Ranked, best first, as found at the time of the check.',
  })
  hits!: ConflictHitView[];
  @ApiProperty({ description: 'How many hits the check found: every one of them is in hits.' })
  hitCount!: number;
  @ApiProperty({ enum: ['cleared-automatically', 'awaiting-sign-off', 'cleared', 'waived', 'declined'] })
  status!: string;
  @ApiProperty() runBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiPropertyOptional({ nullable: true }) signOff!: {
    decision: string;
    waiverReference: string | null;
    reason: string | null;
    signedBy: string;
    signedAt: string;
  } | null;
}
