import {
  getNamedType,
  getOperationAST,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import { GraphqlErrorCode, GraphqlOperationError } from './graphql.errors';
import { DEFAULT_FIRST } from './resolvers';

/** Deepest field nesting a query may have (`matters { nodes { timeEntries { nodes { id } } } }` is 5). */
export const MAX_DEPTH = 10;
/**
 * Most objects a query may ask for, estimated before it runs: each object-typed field costs one
 * per object it can return — a connection's items `first` times (20 when not given), another
 * list LIST_ESTIMATE times. 50 matters with 50 time entries each costs 2,550.
 */
export const MAX_COST = 5_000;
const LIST_ESTIMATE = 10;

export interface QueryEstimate {
  cost: number;
  depth: number;
}

function firstArgument(field: FieldNode, variables: Record<string, unknown>): number | undefined {
  const argument = field.arguments?.find((candidate) => candidate.name.value === 'first');
  if (!argument) return undefined;
  const value = argument.value;
  if (value.kind === Kind.INT) return Number(value.value);
  if (value.kind === Kind.VARIABLE) {
    const given = variables[value.name.value];
    return typeof given === 'number' ? given : undefined;
  }
  return undefined;
}

function isList(type: GraphQLOutputType): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type);
}

/**
 * The cost and depth of the operation that will run, with the request's variables (so
 * `first: $n` counts as what $n is). Fragments are followed, each at most once per path, so a
 * cycle cannot loop (graphql's validation refuses cycles anyway).
 */
export function estimateQuery(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined,
  variables: Record<string, unknown>,
): QueryEstimate {
  const operation = getOperationAST(document, operationName);
  if (!operation) return { cost: 0, depth: 0 };
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);

  const selectionCost = (
    selectionSet: SelectionSetNode,
    parent: GraphQLNamedType,
    seen: ReadonlySet<string>,
  ): QueryEstimate => {
    let cost = 0;
    let depth = 0;
    for (const selection of selectionSet.selections) {
      let inner: QueryEstimate;
      if (selection.kind === Kind.FIELD) inner = fieldCost(selection, parent, seen);
      else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const typeName = selection.typeCondition?.name.value;
        inner = selectionCost(selection.selectionSet, (typeName && schema.getType(typeName)) || parent, seen);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (!fragment || seen.has(selection.name.value)) continue;
        inner = selectionCost(
          fragment.selectionSet,
          schema.getType(fragment.typeCondition.name.value) ?? parent,
          new Set([...seen, selection.name.value]),
        );
      }
      cost += inner.cost;
      depth = Math.max(depth, inner.depth);
    }
    return { cost, depth };
  };

  const fieldCost = (
    field: FieldNode,
    parent: GraphQLNamedType,
    seen: ReadonlySet<string>,
  ): QueryEstimate => {
    if (!isObjectType(parent) || !field.selectionSet) return { cost: 0, depth: 1 };
    const definition = parent.getFields()[field.name.value];
    if (!definition) return { cost: 0, depth: 1 };
    const type = getNamedType(definition.type);
    const inner = selectionCost(field.selectionSet, type, seen);
    if (type.name.endsWith('Connection')) {
      // The connection object is free; its `first` items are counted by its edges/nodes below.
      const first = Math.max(1, firstArgument(field, variables) ?? DEFAULT_FIRST);
      return { cost: inner.cost * first, depth: inner.depth + 1 };
    }
    // A connection's `edges` and `nodes` are the items its own field already multiplied.
    const times = isList(definition.type) && !parent.name.endsWith('Connection') ? LIST_ESTIMATE : 1;
    return { cost: times * (1 + inner.cost), depth: inner.depth + 1 };
  };

  const root =
    operation.operation === 'mutation'
      ? schema.getMutationType()
      : operation.operation === 'subscription'
        ? schema.getSubscriptionType()
        : schema.getQueryType();
  return root ? selectionCost(operation.selectionSet, root, new Set()) : { cost: 0, depth: 0 };
}

/**
 * Refuses, before anything is forwarded, a query deeper than MAX_DEPTH or costlier than MAX_COST
 * with a stable `extensions.code` (graphql_depth_limit_exceeded, graphql_cost_limit_exceeded).
 */
export function enforceQueryLimits(estimate: QueryEstimate): void {
  if (estimate.depth > MAX_DEPTH)
    throw new GraphqlOperationError(
      `The query is ${estimate.depth} levels deep; at most ${MAX_DEPTH} are allowed.`,
      GraphqlErrorCode.depthLimit,
      400,
    );
  if (estimate.cost > MAX_COST)
    throw new GraphqlOperationError(
      `The query may return about ${estimate.cost} objects; at most ${MAX_COST} are allowed. Ask for fewer (a smaller first:) or split it.`,
      GraphqlErrorCode.costLimit,
      400,
    );
}
