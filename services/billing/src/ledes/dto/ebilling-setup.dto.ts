import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateBy,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator';
import { IsOptionalNotNull } from '@lawfirm/errors';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);
/** Text that ends up in a LEDES record may not hold its separator or terminator. */
const LEDES_SAFE = /^(?:(?!\||\[\]).)*$/s;
const ledesSafe = (property: string) => ({
  message: `${property} must not contain '|' or '[]' (LEDES separators)`,
});
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An object mapping our matter ids (UUIDs) to the client's matter ids (1–20 characters, LEDES-safe). */
function IsClientMatterIds(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isClientMatterIds',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' &&
          value !== null &&
          !Array.isArray(value) &&
          Object.keys(value).length <= 1000 &&
          Object.entries(value).every(
            ([matterId, clientMatterId]) =>
              UUID.test(matterId) &&
              typeof clientMatterId === 'string' &&
              clientMatterId.trim().length > 0 &&
              clientMatterId.length <= 20 &&
              LEDES_SAFE.test(clientMatterId),
          ),
        defaultMessage: () =>
          "clientMatterIds must map matter ids (UUIDs) to the client's matter ids (1 to 20 characters, no '|' or '[]'), at most 1000",
      },
    },
    options,
  );
}

export class AddressDto {
  @ApiProperty({ example: '200 Park Avenue', maxLength: 100 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'line1 must not be empty' })
  @MaxLength(100)
  @Matches(LEDES_SAFE, ledesSafe('line1'))
  line1!: string;

  @ApiPropertyOptional({ example: 'Suite 1700', maxLength: 100 })
  @IsOptionalNotNull()
  @Transform(trim)
  @IsString()
  @MaxLength(100)
  @Matches(LEDES_SAFE, ledesSafe('line2'))
  line2?: string;

  @ApiProperty({ example: 'New York', maxLength: 60 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'city must not be empty' })
  @MaxLength(60)
  @Matches(LEDES_SAFE, ledesSafe('city'))
  city!: string;

  @ApiPropertyOptional({ example: 'NY', maxLength: 60 })
  @IsOptionalNotNull()
  @Transform(trim)
  @IsString()
  @MaxLength(60)
  @Matches(LEDES_SAFE, ledesSafe('region'))
  region?: string;

  @ApiPropertyOptional({ example: '10166', maxLength: 20 })
  @IsOptionalNotNull()
  @Transform(trim)
  @IsString()
  @MaxLength(20)
  @Matches(LEDES_SAFE, ledesSafe('postcode'))
  postcode?: string;

  @ApiProperty({ example: 'US', description: 'ISO 3166-1 alpha-2 country code.' })
  @IsString()
  @Matches(/^[A-Z]{2}$/, { message: 'country must be an ISO 3166-1 alpha-2 code such as US' })
  country!: string;
}

export class RequiredCodesDto {
  @ApiProperty({ description: 'A UTBMS task code on every fee line.' })
  @IsBoolean({ message: 'task must be true or false' })
  task!: boolean;

  @ApiProperty({ description: 'A UTBMS activity code on every fee line.' })
  @IsBoolean({ message: 'activity must be true or false' })
  activity!: boolean;

  @ApiProperty({ description: 'A UTBMS expense code on every expense line.' })
  @IsBoolean({ message: 'expense must be true or false' })
  expense!: boolean;
}

export class EbillingProfileDto {
  @ApiProperty({
    example: 'NWC-001',
    maxLength: 20,
    description: 'CLIENT_ID: how the client’s e-billing system names the client.',
  })
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'ledesClientId must not be empty' })
  @MaxLength(20)
  @Matches(LEDES_SAFE, ledesSafe('ledesClientId'))
  ledesClientId!: string;

  @ApiProperty({
    example: '13-4567890',
    maxLength: 60,
    description: 'LAW_FIRM_ID: usually the firm’s tax id, or a vendor id the client assigned.',
  })
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'lawFirmId must not be empty' })
  @MaxLength(60)
  @Matches(LEDES_SAFE, ledesSafe('lawFirmId'))
  lawFirmId!: string;

  @ApiProperty({ type: RequiredCodesDto })
  @IsObject({ message: 'requiredCodes must be an object' })
  @ValidateNested()
  @Type(() => RequiredCodesDto)
  requiredCodes!: RequiredCodesDto;

  @ApiProperty({ type: AddressDto })
  @IsObject({ message: 'clientAddress must be an object' })
  @ValidateNested()
  @Type(() => AddressDto)
  clientAddress!: AddressDto;

  @ApiPropertyOptional({ example: '22-3334444', maxLength: 40, type: String, nullable: true })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(40)
  @Matches(LEDES_SAFE, ledesSafe('clientTaxId'))
  clientTaxId?: string | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string', maxLength: 20 },
    example: { '0190a1b2-0000-7000-8000-000000000001': 'LIT-88231' },
    description:
      'CLIENT_MATTER_ID for each of our matters (by matter id); a matter missing here blocks its export.',
  })
  @IsClientMatterIds()
  clientMatterIds!: Record<string, string>;
}

export class BillingLetterheadDto {
  @ApiProperty({ example: 'Okafor Reyes LLP', maxLength: 120 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(120)
  @Matches(LEDES_SAFE, ledesSafe('name'))
  name!: string;

  @ApiProperty({ type: AddressDto })
  @IsObject({ message: 'address must be an object' })
  @ValidateNested()
  @Type(() => AddressDto)
  address!: AddressDto;

  @ApiPropertyOptional({ example: '13-4567890', maxLength: 40, type: String, nullable: true })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(40)
  @Matches(LEDES_SAFE, ledesSafe('taxId'))
  taxId?: string | null;

  @ApiPropertyOptional({ example: '+1 212 555 0142', maxLength: 40, type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  phone?: string | null;

  @ApiPropertyOptional({
    example: 'billing@okaforreyes.example',
    maxLength: 120,
    type: String,
    nullable: true,
  })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  email?: string | null;

  @ApiPropertyOptional({ example: 'okaforreyes.example', maxLength: 120, type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  website?: string | null;

  @ApiProperty({
    type: [String],
    maxItems: 10,
    example: ['Bank transfer: First Harbor Bank, ABA 021000021, account 4455667788'],
    description: 'Lines printed under "How to pay".',
  })
  @IsArray({ message: 'paymentInstructions must be a list of lines' })
  @ArrayMaxSize(10)
  @IsString({ each: true, message: 'each payment instruction must be text' })
  @MaxLength(200, { each: true, message: 'each payment instruction must be at most 200 characters' })
  paymentInstructions!: string[];
}

export class EbillingProfileView extends EbillingProfileDto {
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class BillingLetterheadView extends BillingLetterheadDto {
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}
