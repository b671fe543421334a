import { Type } from 'class-transformer';
import {
  IsEmail,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsCurrencyCode } from '@lawfirm/primitives';
import { FIRM_SLUG_PATTERN, IsIanaTimeZone } from '@lawfirm/contracts';

/** The first firm administrator, who gets the invitation. */
export class FirstAdminDto {
  @IsString({ message: 'admin.email must be a string' })
  @MaxLength(254, { message: 'admin.email must be at most 254 characters' })
  @IsEmail({}, { message: 'admin.email must be an e-mail address' })
  email!: string;

  @IsString({ message: 'admin.name must be a string' })
  @IsNotEmpty({ message: 'admin.name must not be empty' })
  @MaxLength(200, { message: 'admin.name must be at most 200 characters' })
  name!: string;
}

/** What the admin gateway forwards (it validated the same rules already; checked again here). */
export class OnboardFirmDto {
  @IsString({ message: 'name must be a string' })
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(200, { message: 'name must be at most 200 characters' })
  name!: string;

  @IsString({ message: 'slug must be a string' })
  @Matches(FIRM_SLUG_PATTERN, {
    message: 'slug must be 3–63 lower-case letters, digits and single inner hyphens',
  })
  slug!: string;

  @IsIanaTimeZone()
  timeZone!: string;

  @IsCurrencyCode()
  currency!: string;

  @IsInt({ message: 'paymentTermsDays must be a whole number of days' })
  @Min(0, { message: 'paymentTermsDays must be 0 to 365' })
  @Max(365, { message: 'paymentTermsDays must be 0 to 365' })
  paymentTermsDays!: number;

  @IsObject({ message: 'admin must be an object with email and name' })
  @ValidateNested()
  @Type(() => FirstAdminDto)
  admin!: FirstAdminDto;
}
