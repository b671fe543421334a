import Fastify, { type FastifyInstance } from 'fastify';
import type { GraphQLError } from 'graphql';
import { GraphqlErrorCode } from './graphql.errors';
import { MAX_COST, MAX_DEPTH } from './limits';
import { registerGraphql } from './register';

/** No resolver may reach a service in these tests: any use of the upstream throws. */
const refuseUse = new Proxy(
  {},
  {
    get() {
      throw new Error('no upstream call was expected');
    },
  },
);
const noUpstream = { upstream: refuseUse, loaders: refuseUse };

async function graphqlOn(env: NodeJS.ProcessEnv): Promise<FastifyInstance> {
  const fastify = Fastify();
  await registerGraphql(fastify, env);
  await fastify.ready();
  return fastify;
}

async function refusal(fastify: FastifyInstance, query: string, variables?: Record<string, unknown>) {
  try {
    await fastify.graphql(query, { ...noUpstream }, variables);
  } catch (error) {
    return error as GraphQLError & { errors?: GraphQLError[] };
  }
  throw new Error('the query was not refused');
}

describe('registerGraphql', () => {
  let development: FastifyInstance;
  let production: FastifyInstance;

  beforeAll(async () => {
    development = await graphqlOn({ NODE_ENV: 'development' });
    production = await graphqlOn({ NODE_ENV: 'production' });
  });

  afterAll(async () => {
    await development.close();
    await production.close();
  });

  it('answers introspection outside production and refuses it when NODE_ENV=production', async () => {
    const query = '{ __schema { queryType { name } } }';
    const answer = await development.graphql(query, { ...noUpstream });
    expect(answer.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    const refused = await refusal(production, query);
    expect(refused.errors?.[0]?.message).toMatch(/introspection/i);
  });

  it(`refuses a query nested deeper than ${MAX_DEPTH} levels before anything runs`, async () => {
    let query = 'id';
    for (let level = 0; level < 6; level += 1) query = `client { matters { nodes { ${query} } } }`;
    const refused = await refusal(development, `{ matter(id: "x") { ${query} } }`);
    expect(refused.extensions).toMatchObject({ code: GraphqlErrorCode.depthLimit, status: 400 });
  });

  it(`refuses a query that may return more than ${MAX_COST} objects, counting first: from variables`, async () => {
    const query = `query ($n: Int) { matters(first: $n) { nodes { id timeEntries(first: $n) { nodes { id } } } } }`;
    const refused = await refusal(development, query, { n: 200 });
    expect(refused.extensions).toMatchObject({ code: GraphqlErrorCode.costLimit, status: 400 });
    expect(refused.message).toContain('40200');
  });

  it('lets 50 matters with 50 time entries each through the cost limit', async () => {
    const query = `{ matters(first: 50) { nodes { id timeEntries(first: 50) { nodes { id } } } } }`;
    // Past the limits it resolves, and this context refuses the first upstream call.
    const answer = await development.graphql(query, { ...noUpstream });
    expect(answer.errors?.[0]?.message).toBe('no upstream call was expected');
  });
});
