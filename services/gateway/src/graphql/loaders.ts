import DataLoader from 'dataloader';
import { encodeCursor } from '@lawfirm/platform';
import type { DomainServiceName } from '@lawfirm/contracts';
import type { UpstreamCalls } from './upstream';

export interface RestPage<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Edge<T> {
  cursor: string | null;
  node: T;
}

export interface Connection<T> {
  edges: Edge<T>[];
  nodes: T[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** The REST lists' largest page (`PageQuery`'s maximum). */
export const REST_MAX_PAGE = 200;
/** timekeeping's `matterIds` filter takes at most this many matters a call. */
const MATTERS_PER_CALL = 100;

export interface TimeEntryRecord {
  id: string;
  matterId: string;
  createdAt: string;
  [field: string]: unknown;
}

export interface MatterPageKey {
  matterId: string;
  first: number;
  after?: string;
}

/** A REST page as a connection: the page's cursor is the last edge's (the only one REST gives). */
export function restConnection<T>(page: RestPage<T>): Connection<T> {
  return {
    nodes: page.items,
    edges: page.items.map((node, index) => ({
      node,
      cursor: index === page.items.length - 1 ? page.nextCursor : null,
    })),
    pageInfo: { hasNextPage: page.nextCursor !== null, endCursor: page.nextCursor },
  };
}

/**
 * Per-request loaders. One GraphQL request asks each service for the same resource once (the
 * loaders cache by key), and a matter list's time entries come from timekeeping in batched calls
 * (`GET /v1/time-entries?matterIds=…`), not one call per matter.
 */
export class Loaders {
  private readonly singles = new Map<string, DataLoader<string, unknown>>();
  readonly timeEntries: DataLoader<MatterPageKey, Connection<TimeEntryRecord>, string>;

  constructor(private readonly upstream: UpstreamCalls) {
    this.timeEntries = new DataLoader((keys) => this.loadTimeEntries(keys), {
      cacheKeyFn: (key) => `${key.matterId}|${key.first}|${key.after ?? ''}`,
    });
  }

  /**
   * GETs `url` once per request (a 404 is `null`); the loader of `kind` remembers the answer, and
   * `prime` lets a list's items answer later look-ups of the same id without a call.
   */
  one<T>(kind: string, service: DomainServiceName, url: string): Promise<T | null> {
    return this.loaderOf(kind, service).load(url) as Promise<T | null>;
  }

  prime(kind: string, service: DomainServiceName, url: string, value: unknown): void {
    this.loaderOf(kind, service).prime(url, value);
  }

  private loaderOf(kind: string, service: DomainServiceName): DataLoader<string, unknown> {
    let loader = this.singles.get(kind);
    if (!loader) {
      loader = new DataLoader<string, unknown>((urls) =>
        Promise.all(
          urls.map((url) => this.upstream.find<unknown>(service, url).catch((error: Error) => error)),
        ),
      );
      this.singles.set(kind, loader);
    }
    return loader;
  }

  /**
   * Newest first, as the REST list orders them. Keys with the same `after` share calls: pages of
   * up to 200 entries for up to 100 matters at a time, each next page asking only for the matters
   * that still lack entries, until every matter has `first + 1` (to tell whether more follow) or
   * none are left. The cursors are the REST list's own, so `after` continues either list.
   */
  private async loadTimeEntries(keys: readonly MatterPageKey[]): Promise<Connection<TimeEntryRecord>[]> {
    const groups = new Map<string, MatterPageKey[]>();
    for (const key of keys) groups.set(key.after ?? '', [...(groups.get(key.after ?? '') ?? []), key]);
    const found = new Map<string, TimeEntryRecord[]>();
    for (const [after, group] of groups) {
      const wanted = new Map<string, number>();
      for (const key of group)
        wanted.set(key.matterId, Math.max(wanted.get(key.matterId) ?? 0, key.first + 1));
      const collected = new Map<string, TimeEntryRecord[]>([...wanted.keys()].map((id) => [id, []]));
      const matterIds = [...wanted.keys()];
      for (let start = 0; start < matterIds.length; start += MATTERS_PER_CALL) {
        let pending = matterIds.slice(start, start + MATTERS_PER_CALL);
        let cursor: string | null = after || null;
        while (pending.length > 0) {
          const query = new URLSearchParams({ matterIds: pending.join(','), limit: String(REST_MAX_PAGE) });
          if (cursor) query.set('cursor', cursor);
          const page = await this.upstream.get<RestPage<TimeEntryRecord>>(
            'timekeeping',
            `/v1/time-entries?${query.toString()}`,
          );
          for (const entry of page.items) collected.get(entry.matterId)?.push(entry);
          cursor = page.nextCursor;
          if (!cursor) break;
          pending = pending.filter((id) => (collected.get(id)?.length ?? 0) < (wanted.get(id) ?? 0));
        }
      }
      for (const [matterId, entries] of collected) found.set(`${matterId}|${after}`, entries);
    }
    return keys.map((key) => {
      const entries = found.get(`${key.matterId}|${key.after ?? ''}`) ?? [];
      const nodes = entries.slice(0, key.first);
      const edges = nodes.map((node) => ({
        node,
        cursor: encodeCursor({ sortKey: node.createdAt, id: node.id }),
      }));
      return {
        nodes,
        edges,
        pageInfo: {
          hasNextPage: entries.length > key.first,
          endCursor: edges[edges.length - 1]?.cursor ?? null,
        },
      };
    });
  }
}
