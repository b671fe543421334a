import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsString,
  IsUUID,
  MaxLength,
} from 'class-validator';
import { VENDOR_SCOPES, type VendorScope } from '@lawfirm/auth';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export class RegisterVendorBody {
  @ApiProperty({ example: 'Acme Review Partners LLP', maxLength: 200 })
  @Transform(trim)
  @IsString({ message: 'name must be text' })
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(200)
  name!: string;
}

export class IssueVendorKeyBody {
  @ApiProperty({ example: 'Review platform, production', maxLength: 200 })
  @Transform(trim)
  @IsString({ message: 'name must be text' })
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(200)
  name!: string;

  @ApiProperty({ enum: VENDOR_SCOPES, isArray: true, example: ['work-orders:read', 'work-orders:write'] })
  @IsArray({ message: 'scopes must be a list of scopes' })
  @ArrayMinSize(1, { message: 'scopes must name at least one scope' })
  @ArrayUnique({ message: 'scopes must not repeat' })
  @IsIn(VENDOR_SCOPES, { each: true, message: `each scope must be one of: ${VENDOR_SCOPES.join(', ')}` })
  scopes!: VendorScope[];
}

export class VendorIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'vendorId must be a UUID' })
  vendorId!: string;
}

export class VendorKeyParams extends VendorIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'keyId must be a UUID' })
  keyId!: string;
}

export class VendorView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class VendorListView {
  @ApiProperty({ type: [VendorView] }) items!: VendorView[];
}

export class VendorKeyView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) vendorId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: 'lfv_Q2x9aB', description: "The key's first characters." }) hint!: string;
  @ApiProperty({ enum: VENDOR_SCOPES, isArray: true }) scopes!: string[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) revokedAt!: string | null;
}

export class IssuedVendorKeyView extends VendorKeyView {
  @ApiProperty({
    description: 'Shown once: give it to the vendor now. Only its SHA-256 is kept.',
    example: 'lfv_…',
  })
  key!: string;
}

export class VendorKeyListView {
  @ApiProperty({ type: [VendorKeyView] }) items!: VendorKeyView[];
}
