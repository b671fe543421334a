/**
 * `/graphql` on the gateway, through the whole stack as real processes: the same values as the
 * REST routes it reads, batched calls per service (counted by the gateway in
 * `extensions.upstreamCalls`), depth and cost limits, firm isolation on every top-level field,
 * authentication, bad input, and Idempotency-Key on mutations.
 */
import { randomUUID } from 'node:crypto';
import { eventually } from '@lawfirm/testing';
import { Api, createFirm, startTestStack, type TestStack } from './support/test-stack';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- GraphQL answers are read as JSON
type Json = any;

interface GraphqlAnswer {
  status: number;
  body: Json;
  headers: Headers;
}

function graphql(
  api: Api,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<GraphqlAnswer> {
  return api.call('POST', '/graphql', { query, ...(variables ? { variables } : {}) }, headers);
}

const MATTERS = 6;
const ENTRIES_PER_MATTER = 3;

describe('GraphQL on the gateway', () => {
  let env: TestStack;
  let firmA: Api;
  let firmB: Api;
  let client: Json;
  let matters: Json[];
  let entries: Json[];
  let task: Json;
  let courtEvent: Json;

  beforeAll(async () => {
    env = await startTestStack();
    firmA = await Api.login(env.gatewayUrl, await createFirm());
    firmB = await Api.login(env.gatewayUrl, await createFirm());
    const created = await graphql(
      firmA,
      `
        mutation ($input: CreateClientInput!) {
          createClient(input: $input) {
            id
            name
            kind
          }
        }
      `,
      { input: { kind: 'company', name: `Graph Holdings ${randomUUID().slice(0, 8)}` } },
    );
    expect(created.status).toBe(200);
    client = created.body.data.createClient;
    matters = [];
    for (let index = 0; index < MATTERS; index += 1) {
      const opened = await graphql(
        firmA,
        `
          mutation ($input: OpenMatterInput!) {
            openMatter(input: $input) {
              id
              number
              title
              status
              clientId
            }
          }
        `,
        { input: { clientId: client.id, title: `Matter ${index}`, practiceArea: 'commercial' } },
      );
      expect(opened.body.errors).toBeUndefined();
      matters.push(opened.body.data.openMatter);
    }
    entries = [];
    for (const matter of matters)
      for (let index = 0; index < ENTRIES_PER_MATTER; index += 1) {
        // Timekeeping learns of the matter from intake's event: retried until its projection has it.
        const entry = await eventually(async () => {
          const recorded = await graphql(
            firmA,
            `
              mutation ($input: RecordTimeEntryInput!) {
                recordTimeEntry(input: $input) {
                  id
                  matterId
                  minutes
                  narrative
                  status
                }
              }
            `,
            {
              input: {
                matterId: matter.id,
                workDate: '2026-11-20',
                minutes: 30 + index,
                narrative: `Work ${index} on ${matter.number}`,
              },
            },
          );
          return recorded.body.data?.recordTimeEntry;
        });
        entries.push(entry);
      }
    const [first] = matters;
    task = await eventually(async () => {
      const answer = await graphql(
        firmA,
        `
          mutation ($matterId: ID!, $input: CreateTaskInput!) {
            createTask(matterId: $matterId, input: $input) {
              id
              matterId
              title
              status
              priority
            }
          }
        `,
        { matterId: first.id, input: { title: 'Draft the answer', dueDate: '2026-12-15' } },
      );
      return answer.body.data?.createTask;
    });
    courtEvent = await eventually(async () => {
      const answer = await graphql(
        firmA,
        `
          mutation ($matterId: ID!, $input: CreateCourtEventInput!) {
            createCourtEvent(matterId: $matterId, input: $input) {
              id
              matterId
              title
              kind
              startsAt
            }
          }
        `,
        {
          matterId: first.id,
          input: {
            kind: 'hearing',
            title: 'Case management conference',
            startsAt: '2026-12-10T09:00:00.000Z',
            endsAt: '2026-12-10T10:00:00.000Z',
            timeZone: 'America/New_York',
          },
        },
      );
      return answer.body.data?.createCourtEvent;
    });
    // The stack's start alone can take minutes on a loaded two-core machine.
  }, 600_000);

  afterAll(async () => {
    await env?.stop();
  }, 120_000);

  it('answers 401 problem+json without a valid bearer token, running nothing', async () => {
    const anonymous = new Api(env.gatewayUrl);
    const refused = await graphql(anonymous, '{ clients { nodes { id } } }');
    expect(refused.status).toBe(401);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    const forged = await graphql(new Api(env.gatewayUrl, 'not.a.token'), '{ clients { nodes { id } } }');
    expect(forged.status).toBe(401);
  });

  it('returns the same values as the REST routes for the same data', async () => {
    const [matter] = matters;
    const answer = await graphql(
      firmA,
      `
        query ($id: ID!) {
          matter(id: $id) {
            id
            number
            title
            status
            practiceArea
            clientId
            createdAt
            openedAt
            client {
              id
              name
              kind
              email
              createdAt
            }
            parties {
              id
              role
              partyType
              partyId
              name
              kind
            }
            timeEntries(first: 10) {
              nodes {
                id
                matterId
                timekeeperId
                workDate
                minutes
                billedTenths
                narrative
                billable
                status
                createdAt
              }
            }
            tasks {
              nodes {
                id
                matterId
                title
                status
                priority
                dueDate
              }
            }
            courtEvents {
              nodes {
                id
                matterId
                kind
                title
                startsAt
                endsAt
                timeZone
                status
              }
            }
            expenses {
              nodes {
                id
              }
            }
            invoices {
              nodes {
                id
              }
            }
            trustBalances {
              balanceMinor
            }
            deadlines {
              nodes {
                id
              }
            }
            workOrders {
              id
            }
            documents {
              nodes {
                id
              }
            }
          }
        }
      `,
      { id: matter.id },
    );
    expect(answer.body.errors).toBeUndefined();
    const graph = answer.body.data.matter;
    const rest = (await firmA.call('GET', `/v1/matters/${matter.id}`)).body;
    const pick = (source: Json, fields: string[]): Json =>
      Object.fromEntries(fields.map((field) => [field, source[field] ?? null]));
    const matterFields = [
      'id',
      'number',
      'title',
      'status',
      'practiceArea',
      'clientId',
      'createdAt',
      'openedAt',
    ];
    expect(pick(graph, matterFields)).toEqual(pick(rest, matterFields));
    const restClient = (await firmA.call('GET', `/v1/clients/${matter.clientId}`)).body;
    expect(graph.client).toEqual(pick(restClient, ['id', 'name', 'kind', 'email', 'createdAt']));
    const restParties = (await firmA.call('GET', `/v1/matters/${matter.id}/parties`)).body;
    expect(graph.parties).toEqual(restParties);
    const restEntries = (await firmA.call('GET', `/v1/time-entries?matterId=${matter.id}&limit=10`)).body
      .items;
    const entryFields = Object.keys(graph.timeEntries.nodes[0]);
    expect(graph.timeEntries.nodes).toEqual(restEntries.map((entry: Json) => pick(entry, entryFields)));
    expect(graph.timeEntries.nodes).toHaveLength(ENTRIES_PER_MATTER);
    const restTasks = (await firmA.call('GET', `/v1/matters/${matter.id}/tasks`)).body.items;
    expect(graph.tasks.nodes).toEqual(
      restTasks.map((item: Json) => pick(item, ['id', 'matterId', 'title', 'status', 'priority', 'dueDate'])),
    );
    expect(graph.tasks.nodes.map((item: Json) => item.id)).toEqual([task.id]);
    const restEvents = (await firmA.call('GET', `/v1/matters/${matter.id}/court-events`)).body.items;
    const eventFields = ['id', 'matterId', 'kind', 'title', 'startsAt', 'endsAt', 'timeZone', 'status'];
    expect(graph.courtEvents.nodes).toEqual(restEvents.map((item: Json) => pick(item, eventFields)));
    expect(graph.courtEvents.nodes.map((item: Json) => item.id)).toEqual([courtEvent.id]);
    expect(graph.expenses.nodes).toEqual([]);
    expect(graph.invoices.nodes).toEqual([]);
  });

  it('loads the time entries of many matters in one call to timekeeping, not one per matter', async () => {
    const answer = await graphql(
      firmA,
      `query ($clientId: ID!) {
        matters(first: ${MATTERS}, clientId: $clientId) {
          nodes { id client { name } timeEntries(first: 10) { nodes { id minutes } pageInfo { hasNextPage } } }
        }
      }`,
      { clientId: client.id },
    );
    expect(answer.body.errors).toBeUndefined();
    const nodes: Json[] = answer.body.data.matters.nodes;
    expect(nodes.map((node) => node.id).sort()).toEqual(matters.map((matter) => matter.id).sort());
    for (const node of nodes) {
      const expected = entries.filter((entry) => entry.matterId === node.id).map((entry) => entry.id);
      expect(node.timeEntries.nodes.map((entry: Json) => entry.id).sort()).toEqual(expected.sort());
      expect(node.timeEntries.pageInfo.hasNextPage).toBe(false);
      expect(node.client.name).toBe(client.name);
    }
    // One list call and one client look-up at intake; one batched call at timekeeping.
    expect(answer.body.extensions.upstreamCalls).toEqual({ intake: 2, timekeeping: 1 });
  });

  it('pages one matter’s time entries with first/after, continuing where the batch stopped', async () => {
    const [matter] = matters;
    const query = `query ($id: ID!, $after: String) {
      matter(id: $id) { timeEntries(first: 2, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }
    }`;
    const first = (await graphql(firmA, query, { id: matter.id })).body.data.matter.timeEntries;
    expect(first.nodes).toHaveLength(2);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = (await graphql(firmA, query, { id: matter.id, after: first.pageInfo.endCursor })).body.data
      .matter.timeEntries;
    expect(second.nodes).toHaveLength(1);
    expect(second.pageInfo.hasNextPage).toBe(false);
    const all = [...first.nodes, ...second.nodes].map((node: Json) => node.id).sort();
    expect(all).toEqual(
      entries
        .filter((entry) => entry.matterId === matter.id)
        .map((entry) => entry.id)
        .sort(),
    );
  });

  it('refuses a query past the depth or cost limit with a stable code, forwarding nothing', async () => {
    let nested = 'id';
    for (let level = 0; level < 6; level += 1) nested = `client { matters { nodes { ${nested} } } }`;
    const deep = await graphql(firmA, `{ matter(id: "${matters[0].id}") { ${nested} } }`);
    expect(deep.status).toBe(400);
    expect(deep.body.errors[0].extensions.code).toBe('graphql_depth_limit_exceeded');
    expect(deep.body.extensions.upstreamCalls).toEqual({});
    const costly = await graphql(
      firmA,
      `
        {
          matters(first: 200) {
            nodes {
              timeEntries(first: 200) {
                nodes {
                  id
                }
              }
            }
          }
        }
      `,
    );
    expect(costly.status).toBe(400);
    expect(costly.body.errors[0].extensions.code).toBe('graphql_cost_limit_exceeded');
    expect(costly.body.extensions.upstreamCalls).toEqual({});
    const unknownField = await graphql(
      firmA,
      `
        {
          matter(id: "x") {
            secret
          }
        }
      `,
    );
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.errors[0].extensions.code).toBe('graphql_validation_failed');
  });

  it('shows another firm nothing of firm A on any top-level field', async () => {
    const [matter] = matters;
    const ids: Record<string, string> = {
      matter: matter.id,
      client: client.id,
      timeEntry: entries[0].id,
      task: task.id,
      workOrder: randomUUID(),
      invoice: randomUUID(),
    };
    for (const [field, id] of Object.entries(ids)) {
      const answer = await graphql(firmB, `query ($id: ID!) { ${field}(id: $id) { id } }`, { id });
      expect({ field, errors: answer.body.errors, value: answer.body.data?.[field] }).toEqual({
        field,
        errors: undefined,
        value: null,
      });
      // Firm A reads its own through the same field (the invoice and work order ids are made up).
      if (field !== 'invoice' && field !== 'workOrder') {
        const own = await graphql(firmA, `query ($id: ID!) { ${field}(id: $id) { id } }`, { id });
        expect(own.body.data[field]).toEqual({ id });
      }
    }
    const lists = await graphql(
      firmB,
      `
        {
          matters(first: 200) {
            nodes {
              id
            }
          }
          clients(first: 200) {
            nodes {
              id
            }
          }
        }
      `,
    );
    expect(lists.body.data.matters.nodes).toEqual([]);
    expect(lists.body.data.clients.nodes).toEqual([]);
    const scoped = await graphql(
      firmB,
      `
        query ($id: ID!) {
          matters(clientId: $id) {
            nodes {
              id
            }
          }
        }
      `,
      {
        id: client.id,
      },
    );
    expect(scoped.body.data.matters.nodes).toEqual([]);
    // Writing into firm A's matter: refused with the code and status REST answers firm B for the
    // same write, and firm A's tasks are unchanged.
    const write = await graphql(
      firmB,
      `
        mutation ($matterId: ID!) {
          createTask(matterId: $matterId, input: { title: "Intrude" }) {
            id
          }
        }
      `,
      { matterId: matter.id },
    );
    const rest = await firmB.call('POST', `/v1/matters/${matter.id}/tasks`, { title: 'Intrude' });
    expect(rest.status).toBeGreaterThanOrEqual(400);
    expect(rest.status).toBeLessThan(500);
    expect(write.body.errors[0].extensions).toMatchObject({ code: rest.body.code, status: rest.status });
    expect(write.body.data).toBeNull();
    const tasks = (await firmA.call('GET', `/v1/matters/${matter.id}/tasks`)).body.items;
    expect(tasks.map((item: Json) => item.title)).toEqual(['Draft the answer']);
  });

  it('refuses bad input with a clear error and changes nothing', async () => {
    const name = `Nul\u0000Client ${randomUUID().slice(0, 8)}`;
    const refused = await graphql(
      firmA,
      `
        mutation ($input: CreateClientInput!) {
          createClient(input: $input) {
            id
          }
        }
      `,
      { input: { kind: 'company', name } },
    );
    expect(refused.status).toBe(400);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(JSON.stringify(refused.body.errors)).toContain('variables');
    const invalid = await graphql(
      firmA,
      `
        mutation ($input: CreateClientInput!) {
          createClient(input: $input) {
            id
          }
        }
      `,
      { input: { kind: 'spaceship', name: `Bad kind ${randomUUID().slice(0, 8)}` } },
    );
    expect(invalid.body.data).toBeNull();
    expect(invalid.body.errors[0].extensions).toMatchObject({ code: 'validation_failed', status: 400 });
    expect(invalid.body.errors[0].extensions.errors[0].field).toBe('kind');
    const shapes = await firmA.call('POST', '/graphql', { query: 42, variables: [] });
    expect(shapes.status).toBe(400);
    expect(shapes.body.errors.map((error: Json) => error.field).sort()).toEqual(['query', 'variables']);
    const clients = (await firmA.call('GET', '/v1/clients?limit=200')).body.items as Json[];
    expect(clients.filter((item) => item.name.startsWith('Nul') || item.name.startsWith('Bad kind'))).toEqual(
      [],
    );
  });

  it('runs a keyed mutation once: a retry gets the first answer, the key with another operation 422', async () => {
    const name = `Keyed ${randomUUID().slice(0, 8)}`;
    const key = randomUUID();
    const mutation = `mutation ($input: CreateClientInput!) { createClient(input: $input) { id name } }`;
    const variables = { input: { kind: 'person', name } };
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => graphql(firmA, mutation, variables, { 'idempotency-key': key })),
    );
    const created = answers.filter((answer) => answer.status === 200);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((answer) => answer.body.data.createClient.id)).size).toBe(1);
    for (const answer of answers.filter((candidate) => candidate.status !== 200)) {
      expect(answer.status).toBe(409);
      expect(answer.body.code).toBe('idempotency_in_progress');
    }
    const retry = await graphql(firmA, mutation, variables, { 'idempotency-key': key });
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body.data.createClient.id).toBe(created[0]!.body.data.createClient.id);
    const reused = await graphql(
      firmA,
      mutation,
      { input: { kind: 'person', name: `${name} again` } },
      { 'idempotency-key': key },
    );
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe('idempotency_key_reused');
    const clients = (await firmA.call('GET', '/v1/clients?limit=200')).body.items as Json[];
    expect(clients.filter((item) => item.name.startsWith(name))).toHaveLength(1);
  });
});
