import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
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
import { CLIENT_KINDS, type ClientKind } from '@lawfirm/contracts';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export const ALTERNATE_NAME_TYPES = ['aka', 'former', 'trade'] as const;
export type AlternateNameType = (typeof ALTERNATE_NAME_TYPES)[number];

export class AlternateNameDto {
  @ApiProperty({ example: 'Acme Widgets' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(300)
  name!: string;

  @ApiProperty({ enum: ALTERNATE_NAME_TYPES, description: 'aka (also known as), former name, or trade name' })
  @IsIn(ALTERNATE_NAME_TYPES, { message: 'type must be one of: aka, former, trade' })
  type!: AlternateNameType;
}

export class ContactDto {
  @ApiProperty({ example: 'Jane Roe' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(300)
  name!: string;

  // Nullable: a contact stored without one answers null (and @IsOptional takes null on the way in).
  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(320)
  email?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  phone?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'General Counsel' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  role?: string | null;
}

export const RELATIONSHIP_KINDS = [
  'parent',
  'subsidiary',
  'affiliate',
  'spouse',
  'household',
  'officer',
  'employee',
] as const;

/** "<this client> is <kind> of <the other>", e.g. a holding company is `parent` of its subsidiary. */
export class CreateRelationshipDto {
  @ApiProperty({
    enum: RELATIONSHIP_KINDS,
    description:
      'How this client relates to the other: parent of, subsidiary of, affiliate of, spouse of, household member of, officer of, employee of.',
  })
  @IsIn(RELATIONSHIP_KINDS, { message: `kind must be one of: ${RELATIONSHIP_KINDS.join(', ')}` })
  kind!: (typeof RELATIONSHIP_KINDS)[number];

  @ApiPropertyOptional({ format: 'uuid', description: 'Another client of the firm.' })
  @IsOptionalNotNull()
  @IsUUID('all', { message: 'clientId must be a UUID' })
  clientId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'A person or company the firm has recorded.' })
  @IsOptionalNotNull()
  @IsUUID('all', { message: 'entityId must be a UUID' })
  entityId?: string;

  @ApiPropertyOptional({ description: 'A new related person or company, by name.' })
  @IsOptionalNotNull()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  name?: string;

  @ApiPropertyOptional({ enum: ['person', 'company'] })
  @IsOptionalNotNull()
  @IsIn(['person', 'company'], { message: 'kind of the related party must be person or company' })
  partyKind?: 'person' | 'company';
}

export class CreateClientDto {
  @ApiProperty({ enum: CLIENT_KINDS })
  @IsIn(CLIENT_KINDS, { message: 'kind must be one of: person, company' })
  kind!: ClientKind;

  @ApiProperty({ example: 'Acme Corporation', maxLength: 300 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(300)
  name!: string;

  @ApiPropertyOptional({ example: 'legal@acme.test' })
  @IsOptional()
  @Transform(trim)
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(320)
  email?: string;

  @ApiPropertyOptional({ type: [AlternateNameDto] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(50)
  @IsObject({ each: true, message: 'alternateNames must be a list of objects' })
  @ValidateNested({ each: true })
  @Type(() => AlternateNameDto)
  alternateNames?: AlternateNameDto[];

  @ApiPropertyOptional({ type: [ContactDto] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(50)
  @IsObject({ each: true, message: 'contacts must be a list of objects' })
  @ValidateNested({ each: true })
  @Type(() => ContactDto)
  contacts?: ContactDto[];
}

export class ClientView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: CLIENT_KINDS }) kind!: ClientKind;
  @ApiProperty() name!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) email!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiPropertyOptional({ type: [AlternateNameDto] }) alternateNames?: AlternateNameDto[];
  @ApiPropertyOptional({ type: [ContactDto] }) contacts?: ContactDto[];
  @ApiPropertyOptional({ description: 'How this client relates to other records.' })
  relationships?: Array<{
    kind: string;
    direction: 'from' | 'to';
    otherType: string;
    otherId: string;
    otherName: string;
  }>;
}

export class ClientPage {
  @ApiProperty({ type: [ClientView] }) items!: ClientView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
