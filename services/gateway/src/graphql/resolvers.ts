import { GraphQLScalarType, Kind } from 'graphql';
import type { DomainServiceName } from '@lawfirm/contracts';
import { GraphqlErrorCode, GraphqlOperationError } from './graphql.errors';
import { REST_MAX_PAGE, restConnection, type Loaders, type RestPage, type TimeEntryRecord } from './loaders';
import type { UpstreamCalls } from './upstream';

/** What every resolver gets: the request's upstream calls (with the caller) and loaders. */
export interface GraphqlContext {
  upstream: UpstreamCalls;
  loaders: Loaders;
}

type Row = Record<string, unknown> & { id: string };
interface PageArgs {
  first?: number | null;
  after?: string | null;
}

/** Default page size of a connection when `first` is not given. */
export const DEFAULT_FIRST = 20;

const enc = encodeURIComponent;

/** `first` within 1..200 (the REST lists' bounds), a field-level error otherwise. */
export function pageSize(args: PageArgs): number {
  const first = args.first ?? DEFAULT_FIRST;
  if (!Number.isInteger(first) || first < 1 || first > REST_MAX_PAGE)
    throw new GraphqlOperationError('The request is not valid.', GraphqlErrorCode.badArgument, 400, [
      { field: 'first', message: `first must be an integer from 1 to ${REST_MAX_PAGE}` },
    ]);
  return first;
}

function pageQuery(args: PageArgs, extra: Record<string, string | undefined> = {}): string {
  const query = new URLSearchParams({ limit: String(pageSize(args)) });
  if (args.after) query.set('cursor', args.after);
  for (const [name, value] of Object.entries(extra)) if (value !== undefined) query.set(name, value);
  return query.toString();
}

async function restList(
  context: GraphqlContext,
  service: DomainServiceName,
  path: string,
  args: PageArgs,
  extra: Record<string, string | undefined> = {},
) {
  const page = await context.upstream.get<RestPage<Row>>(service, `${path}?${pageQuery(args, extra)}`);
  return restConnection(page);
}

const matterUrl = (id: string): string => `/v1/matters/${enc(id)}`;
const clientUrl = (id: string): string => `/v1/clients/${enc(id)}`;

/** Integers within ±2^53: money in minor units never goes through a float or a 32-bit Int. */
const SafeInt = new GraphQLScalarType({
  name: 'SafeInt',
  serialize(value) {
    if (typeof value !== 'number' || !Number.isSafeInteger(value))
      throw new TypeError('SafeInt cannot represent a non-integer value');
    return value;
  },
  parseValue(value) {
    if (typeof value !== 'number' || !Number.isSafeInteger(value))
      throw new TypeError('SafeInt must be an integer within ±2^53');
    return value;
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.INT) throw new TypeError('SafeInt must be an integer');
    const value = Number(ast.value);
    if (!Number.isSafeInteger(value)) throw new TypeError('SafeInt must be an integer within ±2^53');
    return value;
  },
});

export const resolvers = {
  SafeInt,
  Query: {
    matter: (_: unknown, args: { id: string }, context: GraphqlContext) =>
      context.loaders.one<Row>('matter', 'intake', matterUrl(args.id)),
    matters: async (_: unknown, args: PageArgs & { clientId?: string | null }, context: GraphqlContext) => {
      const connection = await restList(context, 'intake', '/v1/matters', args, {
        clientId: args.clientId ?? undefined,
      });
      for (const matter of connection.nodes)
        context.loaders.prime('matter', 'intake', matterUrl(matter.id), matter);
      return connection;
    },
    client: (_: unknown, args: { id: string }, context: GraphqlContext) =>
      context.loaders.one<Row>('client', 'intake', clientUrl(args.id)),
    clients: async (_: unknown, args: PageArgs, context: GraphqlContext) => {
      const connection = await restList(context, 'intake', '/v1/clients', args);
      for (const client of connection.nodes)
        context.loaders.prime('client', 'intake', clientUrl(client.id), client);
      return connection;
    },
    timeEntry: (_: unknown, args: { id: string }, context: GraphqlContext) =>
      context.loaders.one<Row>('time-entry', 'timekeeping', `/v1/time-entries/${enc(args.id)}`),
    invoice: async (_: unknown, args: { id: string }, context: GraphqlContext) => {
      const invoice = await context.loaders.one<Row>('invoice', 'billing', `/v1/invoices/${enc(args.id)}`);
      return invoice === null ? null : invoiceSummary(invoice);
    },
    task: (_: unknown, args: { id: string }, context: GraphqlContext) =>
      context.loaders.one<Row>('task', 'docket', `/v1/tasks/${enc(args.id)}`),
    workOrder: (_: unknown, args: { id: string }, context: GraphqlContext) =>
      context.loaders.one<Row>('work-order', 'docket', `/v1/work-orders/${enc(args.id)}`),
  },
  Client: {
    matters: (client: Row, args: PageArgs, context: GraphqlContext) =>
      resolvers.Query.matters(undefined, { ...args, clientId: client.id }, context),
  },
  Matter: {
    client: (matter: Row & { clientId: string }, _: unknown, context: GraphqlContext) =>
      context.loaders.one<Row>('client', 'intake', clientUrl(matter.clientId)),
    parties: async (matter: Row, _: unknown, context: GraphqlContext) =>
      (await context.loaders.one<Row[]>('parties', 'intake', `${matterUrl(matter.id)}/parties`)) ?? [],
    feeArrangement: (matter: Row, _: unknown, context: GraphqlContext) =>
      context.loaders.one<Row>('fee-arrangement', 'intake', `${matterUrl(matter.id)}/fee-arrangement`),
    timeEntries: async (matter: Row, args: PageArgs, context: GraphqlContext) =>
      context.loaders.timeEntries.load({
        matterId: matter.id,
        first: pageSize(args),
        ...(args.after ? { after: args.after } : {}),
      }),
    expenses: (matter: Row, args: PageArgs, context: GraphqlContext) =>
      restList(context, 'timekeeping', '/v1/expenses', args, { matterId: matter.id }),
    invoices: (matter: Row, args: PageArgs, context: GraphqlContext) =>
      restList(context, 'billing', '/v1/invoices', args, { matterId: matter.id }),
    trustBalances: async (matter: Row, _: unknown, context: GraphqlContext) =>
      (
        await context.loaders.one<{ items: Row[] }>(
          'trust-balance',
          'billing',
          `/v1/trust/matters/${enc(matter.id)}/balance`,
        )
      )?.items ?? [],
    deadlines: (matter: Row, args: PageArgs, context: GraphqlContext) =>
      restList(context, 'docket', `${matterUrl(matter.id)}/deadlines`, args),
    courtEvents: (matter: Row, args: PageArgs, context: GraphqlContext) =>
      restList(context, 'docket', `${matterUrl(matter.id)}/court-events`, args),
    tasks: (matter: Row, args: PageArgs, context: GraphqlContext) =>
      restList(context, 'docket', `${matterUrl(matter.id)}/tasks`, args),
    workOrders: async (matter: Row, _: unknown, context: GraphqlContext) =>
      (
        await context.loaders.one<{ items: Row[] }>(
          'work-orders',
          'docket',
          `${matterUrl(matter.id)}/work-orders`,
        )
      )?.items ?? [],
    documents: (matter: Row, args: PageArgs, context: GraphqlContext) =>
      restList(context, 'document', `${matterUrl(matter.id)}/documents`, args),
  },
  FeeArrangement: {
    flatFee: (fee: { flatFee?: { amountMinor: number; currency: string } | null }) => fee.flatFee ?? null,
  },
  Mutation: {
    createClient: (_: unknown, args: { input: Record<string, unknown> }, context: GraphqlContext) =>
      context.upstream.write<Row>('intake', 'POST', '/v1/clients', definedOnly(args.input)),
    openMatter: (_: unknown, args: { input: Record<string, unknown> }, context: GraphqlContext) =>
      context.upstream.write<Row>('intake', 'POST', '/v1/matters', definedOnly(args.input)),
    recordTimeEntry: (_: unknown, args: { input: Record<string, unknown> }, context: GraphqlContext) =>
      context.upstream.write<TimeEntryRecord>(
        'timekeeping',
        'POST',
        '/v1/time-entries',
        definedOnly(args.input),
      ),
    submitTimeEntry: (_: unknown, args: { id: string }, context: GraphqlContext) =>
      context.upstream.write<TimeEntryRecord>(
        'timekeeping',
        'POST',
        `/v1/time-entries/${enc(args.id)}/submit`,
      ),
    approveTimeEntry: (_: unknown, args: { id: string }, context: GraphqlContext) =>
      context.upstream.write<TimeEntryRecord>(
        'timekeeping',
        'POST',
        `/v1/time-entries/${enc(args.id)}/approve`,
      ),
    createTask: (
      _: unknown,
      args: { matterId: string; input: Record<string, unknown> },
      context: GraphqlContext,
    ) =>
      context.upstream.write<Row>(
        'docket',
        'POST',
        `${matterUrl(args.matterId)}/tasks`,
        definedOnly(args.input),
      ),
    createCourtEvent: (
      _: unknown,
      args: { matterId: string; input: Record<string, unknown> },
      context: GraphqlContext,
    ) =>
      context.upstream.write<Row>(
        'docket',
        'POST',
        `${matterUrl(args.matterId)}/court-events`,
        definedOnly(args.input),
      ),
  },
};

/**
 * An input as the REST body: GraphQL's explicit `null` for an optional field means "not given"
 * (the REST routes refuse `null` where a value is optional), and graphql-js gives inputs a null
 * prototype, which JSON.stringify handles but the fingerprint should not depend on.
 */
function definedOnly(input: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(input).filter(([, value]) => value !== null && value !== undefined),
  );
}

/** `GET /v1/invoices/:id` answers the whole invoice; the type is the list's summary. */
function invoiceSummary(invoice: Row): Row {
  const client = invoice.client as { id?: string } | undefined;
  const matter = invoice.matter as { id?: string } | null | undefined;
  const totals = invoice.totals as { totalMinor?: number } | undefined;
  return {
    ...invoice,
    clientId: client?.id ?? invoice.clientId,
    matterId: matter?.id ?? invoice.matterId ?? null,
    totalMinor: totals?.totalMinor ?? invoice.totalMinor,
  };
}
