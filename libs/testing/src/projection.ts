import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import { withTenant } from '@lawfirm/database';
import { ProjectedMatter } from '@lawfirm/matter-projection';
import { publishMatter } from './in-process';
import { eventually } from './test-env';

/**
 * Publishes a matter event as intake would and waits until the service booted as `app` has it in
 * its matter projection with that status (projections are fed asynchronously). Returns the matter id.
 */
export async function publishMatterAndWait(
  app: NestFastifyApplication,
  producer: Producer,
  firmId: string,
  options: Parameters<typeof publishMatter>[2] = {},
): Promise<string> {
  const status = options.status ?? 'open';
  const matterId = await publishMatter(producer, firmId, { ...options, status });
  await eventually(async () => {
    const matter = await withTenant(app.get(DataSource), firmId, (manager) =>
      manager.getRepository(ProjectedMatter).findOne({ where: { matterId } }),
    );
    return matter?.status === status ? true : undefined;
  });
  return matterId;
}
