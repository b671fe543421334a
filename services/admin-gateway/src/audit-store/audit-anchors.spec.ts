import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource, QueryRunner, TransactionCommitEvent } from 'typeorm';
import type { Logger } from '@lawfirm/observability';
import { AuditAnchors } from './audit-anchors';

function anchors(file: string | undefined, key = randomBytes(32)) {
  const errors: string[] = [];
  const logger = { error: (_fields: unknown, message: string) => errors.push(message) } as unknown as Logger;
  const dataSource = { subscribers: [] } as unknown as DataSource;
  const instance = new AuditAnchors(dataSource, key, file, logger);
  instance.onModuleInit();
  return { instance, errors, key, dataSource };
}

const head = (lastSeq: number) => ({ lastSeq, lastHash: lastSeq.toString(16).padStart(64, '0') });

describe('AuditAnchors', () => {
  it('anchors a moved head only when its transaction commits, never a rolled-back or savepoint one', () => {
    const { instance, dataSource } = anchors(undefined);
    expect(dataSource.subscribers).toContain(instance);
    const firmId = randomUUID();
    const runner = { isTransactionActive: true } as QueryRunner;
    instance.moved(runner, firmId, head(3));
    // A savepoint released inside the transaction is not its commit.
    instance.afterTransactionCommit({ queryRunner: runner } as TransactionCommitEvent);
    expect(instance.anchorOf(firmId)).toBeUndefined();
    instance.afterTransactionRollback({ queryRunner: runner });
    (runner as { isTransactionActive: boolean }).isTransactionActive = false;
    instance.afterTransactionCommit({ queryRunner: runner } as TransactionCommitEvent);
    expect(instance.anchorOf(firmId)).toBeUndefined();

    instance.moved(runner, firmId, head(4));
    instance.afterTransactionCommit({ queryRunner: runner } as TransactionCommitEvent);
    expect(instance.anchorOf(firmId)).toEqual(head(4));
    // An anchor never moves back.
    instance.observed(firmId, head(2));
    expect(instance.anchorOf(firmId)).toEqual(head(4));
  });

  it('keeps anchors across a restart in a file signed with the chain key, and ignores a file edited or signed with another key', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'anchors-')), 'anchors.json');
    const first = anchors(file);
    const firmId = randomUUID();
    first.instance.observed(firmId, head(7));
    first.instance.onApplicationShutdown();

    const restarted = anchors(file, first.key);
    expect(restarted.instance.anchorOf(firmId)).toEqual(head(7));
    restarted.instance.onApplicationShutdown();

    const stored = JSON.parse(readFileSync(file, 'utf8')) as { body: string; mac: string };
    writeFileSync(
      file,
      JSON.stringify({ ...stored, body: stored.body.replace('"lastSeq":7', '"lastSeq":2') }),
    );
    const edited = anchors(file, first.key);
    expect(edited.instance.anchorOf(firmId)).toBeUndefined();
    expect(edited.errors).toEqual(['audit anchor file is not signed with this chain key; ignored']);
    edited.instance.onApplicationShutdown();

    writeFileSync(file, JSON.stringify(stored));
    const otherKey = anchors(file);
    expect(otherKey.instance.anchorOf(firmId)).toBeUndefined();
    otherKey.instance.onApplicationShutdown();
  });
});
