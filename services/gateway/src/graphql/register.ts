import type { FastifyInstance } from 'fastify';
import { NoSchemaIntrospectionCustomRule } from 'graphql';
import mercurius, { type IResolvers } from 'mercurius';
import { enforceQueryLimits, estimateQuery } from './limits';
import { resolvers } from './resolvers';
import { TYPE_DEFS } from './type-defs';

/**
 * Mercurius on the gateway's Fastify instance, without routes of its own: `POST /graphql` is the
 * Nest controller (so the gateway's guard, audit and idempotency apply as on `/v1`), which runs
 * queries with `fastify.graphql`. graphql-jit compiles a query the second time it is seen
 * (`jit: 1`); parsed and validated documents are cached. Introspection is refused when
 * NODE_ENV=production. Depth and cost are checked before execution with the request's variables.
 */
export async function registerGraphql(
  fastify: FastifyInstance,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  await fastify.register(mercurius, {
    schema: TYPE_DEFS,
    resolvers: resolvers as unknown as IResolvers,
    routes: false,
    graphiql: false,
    jit: 1,
    validationRules: env.NODE_ENV === 'production' ? [NoSchemaIntrospectionCustomRule] : [],
  });
  fastify.graphql.addHook('preExecution', async (schema, document, context, variables) => {
    const operationName = (context as { operationName?: string }).operationName;
    enforceQueryLimits(estimateQuery(schema, document, operationName, variables ?? {}));
    return undefined;
  });
}
