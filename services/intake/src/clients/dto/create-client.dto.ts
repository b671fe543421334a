import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { CLIENT_KINDS, type ClientKind } from '@lawfirm/contracts';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

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
}

export class ClientView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: CLIENT_KINDS }) kind!: ClientKind;
  @ApiProperty() name!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) email!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class ClientPage {
  @ApiProperty({ type: [ClientView] }) items!: ClientView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
