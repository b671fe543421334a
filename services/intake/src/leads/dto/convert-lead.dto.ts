import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { IsOptionalNotNull } from '@lawfirm/errors';
import { ClientView } from '../../clients/client.service';
import { FeeArrangementDto, MatterPartyDto, MatterView } from '../../matters/matter.service';
import { LeadView } from './lead.dto';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export class ConvertLeadDto {
  @ApiProperty({
    example: 'Roe — divorce and custody',
    maxLength: 500,
    description: 'Title of the matter to open.',
  })
  @MaxLength(500, { message: 'title must be at most 500 characters' })
  @IsNotEmpty({ message: 'title must not be empty' })
  @IsString({ message: 'title must be text' })
  @Transform(trim)
  title!: string;

  @ApiPropertyOptional({
    example: 'family-law',
    maxLength: 100,
    description: "The matter's practice area; defaults to the lead's.",
  })
  @IsOptional()
  @MaxLength(100, { message: 'practiceArea must be at most 100 characters' })
  @IsNotEmpty({ message: 'practiceArea must not be empty when given' })
  @IsString({ message: 'practiceArea must be text' })
  @Transform(trim)
  practiceArea?: string;

  @ApiPropertyOptional({
    example: 'jane@example.test',
    description: "The client's e-mail; defaults to the lead's.",
  })
  @IsOptional()
  @MaxLength(320)
  @IsEmail({}, { message: 'clientEmail must be an e-mail address' })
  @Transform(trim)
  clientEmail?: string;

  @ApiPropertyOptional({
    type: [MatterPartyDto],
    description: 'Other parties of the matter; the conflict check covers them.',
  })
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

export class ConvertedLeadView {
  @ApiProperty({
    type: LeadView,
    description: 'The lead, now at the hired stage with clientId and matterId.',
  })
  lead!: LeadView;
  @ApiProperty({ type: ClientView }) client!: ClientView;
  @ApiProperty({
    type: MatterView,
    description:
      '`pending` with `conflictCheck.status: awaiting-sign-off` when the conflict check found hits.',
  })
  matter!: MatterView;
}
