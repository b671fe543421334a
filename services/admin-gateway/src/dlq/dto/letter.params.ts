import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

export class DlqTopicParams {
  @ApiProperty({
    // No example: the API fuzzer would replay a real queue's letters with it.
    maxLength: 200,
    description: 'A topic of the manifest (its dead letters are on `<topic>.dlq`).',
  })
  @IsString()
  @MaxLength(200)
  topic!: string;
}

export class LetterParams extends DlqTopicParams {
  @ApiProperty({ minimum: 0, maximum: 1000 })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1000)
  partition!: number;

  @ApiProperty({ pattern: '^[0-9]{1,19}$', description: "The letter's offset on the dead-letter topic." })
  @IsString()
  @Matches(/^[0-9]{1,19}$/, { message: 'offset must be a non-negative whole number' })
  offset!: string;
}
