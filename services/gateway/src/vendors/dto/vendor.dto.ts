import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
} from 'class-validator';
import { VENDOR_SCOPES, type VendorScope } from '@lawfirm/auth';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export class RegisterVendorDto {
  @ApiProperty({ example: 'Acme Review Partners LLP', maxLength: 200 })
  @Transform(trim)
  @IsString({ message: 'name must be text' })
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(200)
  name!: string;
}

export class IssueVendorKeyDto {
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

export class VendorList {
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
  @ApiProperty({ description: 'Shown once. Store it now: only its hash is kept.', example: 'lfv_…' })
  key!: string;
}

export class VendorKeyList {
  @ApiProperty({ type: [VendorKeyView] }) items!: VendorKeyView[];
}

/** A vendor's key exchanged for an access token (OAuth 2.0 client credentials, the key as the secret). */
export class VendorTokenRequestDto {
  @ApiProperty({ enum: ['client_credentials'] })
  @IsIn(['client_credentials'], { message: 'grant_type must be client_credentials' })
  grant_type!: 'client_credentials';

  @ApiProperty({ description: 'The vendor API key (lfv_…).' })
  @IsString({ message: 'client_secret must be text' })
  @IsNotEmpty({ message: 'client_secret is required' })
  @MaxLength(200)
  client_secret!: string;

  @ApiPropertyOptional({ description: 'Ignored; the token carries the scopes of the key.' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  scope?: string;
}

export class ConnectVendorDto {
  @ApiProperty({ format: 'uuid', description: 'The vendor organisation, as operations registered it.' })
  @IsUUID('all', { message: 'vendorId must be the UUID of a vendor organisation' })
  vendorId!: string;
}

export class VendorConnectionView {
  @ApiProperty({ format: 'uuid' }) vendorId!: string;
  @ApiProperty() vendorName!: string;
  @ApiProperty({ enum: ['connected', 'disconnected'] }) status!: 'connected' | 'disconnected';
  @ApiProperty({ format: 'date-time' }) connectedAt!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) disconnectedAt!: string | null;
}

export class VendorConnectionList {
  @ApiProperty({ type: [VendorConnectionView] }) items!: VendorConnectionView[];
}

export class VendorTokenResponseDto {
  @ApiProperty() access_token!: string;
  @ApiProperty({ example: 'Bearer' }) token_type!: 'Bearer';
  @ApiProperty({ example: 900, description: 'Seconds until the token expires.' }) expires_in!: number;
}

export class VendorFirmView {
  @ApiProperty({ format: 'uuid' }) firmId!: string;
  @ApiProperty({ format: 'date-time' }) connectedAt!: string;
}

export class VendorFirmList {
  @ApiProperty({ type: [VendorFirmView] }) items!: VendorFirmView[];
}

/** The steps of a work order's cycle that are the vendor's. */
export const VENDOR_WORK_ORDER_ACTIONS = ['accept', 'decline', 'start', 'submit'] as const;

export class VendorWorkOrderParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'firmId must be a UUID' })
  firmId!: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'workOrderId must be a UUID' })
  workOrderId!: string;
}

export class VendorTransitionDto {
  @ApiProperty({ enum: VENDOR_WORK_ORDER_ACTIONS })
  @IsIn(VENDOR_WORK_ORDER_ACTIONS, {
    message: `action must be one of: ${VENDOR_WORK_ORDER_ACTIONS.join(', ')}`,
  })
  action!: (typeof VENDOR_WORK_ORDER_ACTIONS)[number];
}

export class VendorMatterBrief {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '2026-0001' }) number!: string;
  @ApiProperty() title!: string;
}

/** A work order as its vendor sees it (docket's vendor view). */
export class VendorWorkOrderView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid', description: 'The vendor organisation the order is assigned to.' })
  vendorId!: string;
  @ApiProperty({ type: VendorMatterBrief }) matter!: VendorMatterBrief;
  @ApiProperty() workType!: string;
  @ApiProperty() instructions!: string;
  @ApiProperty({ type: [String], format: 'uuid' }) documentIds!: string[];
  @ApiProperty() status!: string;
  @ApiProperty() suspended!: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) dueAt!: string | null;
  @ApiProperty({ type: [String], nullable: true }) returnReasons!: string[] | null;
  @ApiProperty() returnCount!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) submittedAt!: string | null;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class VendorFirmWorkOrders {
  @ApiProperty({ format: 'uuid' }) firmId!: string;
  @ApiProperty({ type: [VendorWorkOrderView] }) workOrders!: VendorWorkOrderView[];
}

export class VendorWorkOrdersByFirm {
  @ApiProperty({ type: [VendorFirmWorkOrders] }) items!: VendorFirmWorkOrders[];
}
