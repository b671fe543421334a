import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';

export class FirmIdParams {
  @IsUUID('all', { message: 'firmId must be a UUID' })
  firmId!: string;
}

export class FirmListQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1, { message: 'limit must be 1 to 500' })
  @Max(500, { message: 'limit must be 1 to 500' })
  limit?: number;
}
