import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Length } from 'class-validator';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export class RevokeConsentDto {
  @ApiProperty({ minLength: 3, maxLength: 1000, example: 'Client withdrew consent by letter of 2026-02-01.' })
  // Rules run bottom-up; the first one broken is reported.
  @Length(3, 1000, { message: 'reason must be between 3 and 1000 characters' })
  @IsString({ message: 'reason must be given as text' })
  @Transform(trim)
  reason!: string;
}
