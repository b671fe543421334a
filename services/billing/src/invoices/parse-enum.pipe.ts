import type { PipeTransform } from '@nestjs/common';
import { NotFoundError } from '@lawfirm/errors';

/** A path segment that must be one of a closed list; anything else is a 404 for that resource. */
export class ParseEnumPipe<T extends string> implements PipeTransform<string, T> {
  constructor(
    private readonly resource: string,
    private readonly values: readonly T[],
  ) {}

  transform(value: string): T {
    if (!(this.values as readonly string[]).includes(value))
      throw new NotFoundError(this.resource, value.slice(0, 40));
    return value as T;
  }
}
