import type { PipeTransform } from '@nestjs/common';
import { NotFoundError } from '@lawfirm/errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A path id that is not a UUID names nothing we could have: answer 404, as for any unknown id. */
export class ResourceIdPipe implements PipeTransform<string, string> {
  constructor(private readonly resource: string) {}
  transform(value: string): string {
    if (!UUID.test(value)) throw new NotFoundError(this.resource, value);
    return value.toLowerCase();
  }
}
