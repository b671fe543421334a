import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { PageQuery } from '@lawfirm/platform';

// Query strings arrive as text; anything but "true"/"false" stays as it is and fails IsBoolean.
const toBoolean = ({ value }: { value: unknown }): unknown =>
  value === 'true' ? true : value === 'false' ? false : value;

export class ConsentListQuery extends PageQuery {
  @ApiPropertyOptional({ type: Boolean, default: false, description: 'Also list revoked consents.' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'includeRevoked must be true or false' })
  includeRevoked?: boolean;
}
