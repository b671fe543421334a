import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMinSize, ArrayUnique, IsArray, IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { FIRM_ROLES, type FirmRole } from '@lawfirm/auth';

export class CreateApiClientDto {
  @ApiProperty({ example: 'Accounting sync', maxLength: 200 })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(200)
  name!: string;

  @ApiProperty({ enum: FIRM_ROLES, isArray: true, example: ['billing'] })
  @IsArray({ message: 'roles must be a list of roles' })
  @ArrayMinSize(1, { message: 'roles must name at least one role' })
  @ArrayUnique({ message: 'roles must not repeat' })
  @IsIn(FIRM_ROLES, { each: true, message: `each role must be one of: ${FIRM_ROLES.join(', ')}` })
  roles!: FirmRole[];
}

export class ApiClientView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'lfc_3f2a…' }) clientId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: FIRM_ROLES, isArray: true }) roles!: string[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) revokedAt!: string | null;
}

export class CreatedApiClientView extends ApiClientView {
  @ApiProperty({ description: 'Shown once. Store it now: only its hash is kept.', example: 'lfs_…' })
  clientSecret!: string;
}

export class ApiClientPage {
  @ApiProperty({ type: [ApiClientView] }) items!: ApiClientView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
