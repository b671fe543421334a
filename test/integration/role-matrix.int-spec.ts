/**
 * The role matrix (issue 10, "Roles inside a firm"), like the cross-firm isolation spec but inside
 * one firm: every route of intake and timekeeping, found from the running apps' route metadata,
 * is called by a caller holding each firm role alone (and by one holding none), and answers as
 * this file's own expectation list says. The list is written here independently of the services'
 * policy tables, and both are checked: a route without a policy entry, a route missing from this
 * list, or a policy entry that grants a role this list does not (or the reverse) fails.
 *
 * Record-level rules (own versus anyone's, self-approval) are exercised on real records for every
 * timekeeping action that depends on whose record it is.
 */
import type { INestApplication } from '@nestjs/common';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import {
  FIRM_ROLES,
  POLICY_ACTION,
  PUBLIC_ROUTE,
  REQUIRED_ROLES,
  rolesAllowed,
  type AccessPolicy,
  type FirmRole,
} from '@lawfirm/auth';
import { loadConfig } from '@lawfirm/platform';
import {
  bootService,
  colleagueOf,
  createTimeEntry,
  newCaller,
  publishMatterAndWait,
  serviceClient,
  serviceTestEnv,
  testProducer,
  type TestCaller,
} from '@lawfirm/testing';
import { INTAKE_POLICY } from '../../services/intake/src/access-policy';
import { AppModule as IntakeModule } from '../../services/intake/src/app.module';
import { IntakeConfig } from '../../services/intake/src/config';
import { TIMEKEEPING_POLICY } from '../../services/timekeeping/src/access-policy';
import { AppModule as TimekeepingModule } from '../../services/timekeeping/src/app.module';
import { TimekeepingConfig } from '../../services/timekeeping/src/config';

const A: FirmRole = 'firm-admin';
const T: FirmRole = 'attorney';
const P: FirmRole = 'paralegal';
const B: FirmRole = 'billing';
const EVERYONE: FirmRole[] = ['firm-admin', 'attorney', 'paralegal', 'billing', 'read-only'];

/**
 * What this spec expects, route by route: `anyone` may act on any record the route reaches, `own`
 * only on their own (their time, their expenses, their timers); `selfApproval` marks approvals,
 * where only firm-admin may approve their own record.
 */
interface Expected {
  anyone: FirmRole[];
  own?: FirmRole[];
  selfApproval?: true;
}
const anyone = (...roles: FirmRole[]): Expected => ({ anyone: roles });
const ownOnly = (own: FirmRole[], others: FirmRole[] = []): Expected => ({ anyone: others, own });
const approval = (...roles: FirmRole[]): Expected => ({ anyone: roles, selfApproval: true });

const EXPECTED: Record<'intake' | 'timekeeping', Record<string, Expected>> = {
  intake: {
    'POST /v1/clients': anyone(A, T, P),
    'GET /v1/clients': anyone(...EVERYONE),
    'GET /v1/clients/:id': anyone(...EVERYONE),
    'POST /v1/clients/:id/names': anyone(A, T, P),
    'POST /v1/clients/:id/relationships': anyone(A, T, P),
    'POST /v1/conflict-checks': anyone(A, T, P),
    'GET /v1/conflict-checks/:id': anyone(...EVERYONE),
    'POST /v1/conflict-checks/:id/sign-off': anyone(A, T),
    'POST /v1/clients/:id/consents': anyone(A, T),
    'GET /v1/clients/:id/consents': anyone(...EVERYONE),
    'POST /v1/clients/:id/consents/:consentId/revoke': anyone(A, T),
    'GET /v1/lead-routing-rules': anyone(...EVERYONE),
    'PUT /v1/lead-routing-rules/:practiceArea': anyone(A),
    'DELETE /v1/lead-routing-rules/:practiceArea': anyone(A),
    'GET /v1/lead-stages': anyone(...EVERYONE),
    'PUT /v1/lead-stages': anyone(A),
    'POST /v1/leads': anyone(A, T, P),
    'GET /v1/leads': anyone(...EVERYONE),
    'GET /v1/leads/:id': anyone(...EVERYONE),
    'PATCH /v1/leads/:id': anyone(A, T, P),
    'POST /v1/leads/:id/convert': anyone(A, T, P),
    'POST /v1/matters': anyone(A, T, P),
    'GET /v1/matters': anyone(...EVERYONE),
    'GET /v1/matters/:id': anyone(...EVERYONE),
    'PATCH /v1/matters/:id': anyone(A, T, P),
    'POST /v1/matters/:id/close': anyone(A, T),
    'POST /v1/matters/:id/reopen': anyone(A, T),
    'GET /v1/matters/:id/conflict-checks': anyone(...EVERYONE),
    'GET /v1/matters/:id/parties': anyone(...EVERYONE),
    'POST /v1/matters/:id/parties': anyone(A, T, P),
    'GET /v1/matters/:id/fee-arrangement': anyone(...EVERYONE),
    'PUT /v1/matters/:id/fee-arrangement': anyone(A, T),
  },
  timekeeping: {
    'POST /v1/time-entries': ownOnly([P], [A, T, B]),
    'POST /v1/time-entries/validate': ownOnly([P], [A, T, B]),
    'POST /v1/time-entries::batch': ownOnly([P], [A, T, B]),
    'GET /v1/time-entries': anyone(...EVERYONE),
    'GET /v1/time-entries/:id': anyone(...EVERYONE),
    'PATCH /v1/time-entries/:id': ownOnly([T, P], [A, B]),
    'POST /v1/time-entries/:id/submit': ownOnly([T, P], [A, B]),
    'POST /v1/time-entries/bulk-submit': ownOnly([T, P], [A, B]),
    'POST /v1/time-entries/:id/approve': approval(A, T, B),
    'POST /v1/time-entries/:id/reject': approval(A, T, B),
    'POST /v1/time-entries/bulk-approve': approval(A, T, B),
    'POST /v1/time-entries/:id/reverse': approval(A, B),
    'POST /v1/expenses': ownOnly([A, T, P, B]),
    'GET /v1/expenses': anyone(...EVERYONE),
    'GET /v1/expenses/:id': anyone(...EVERYONE),
    'PATCH /v1/expenses/:id': ownOnly([T, P], [A, B]),
    'POST /v1/expenses/:id/submit': ownOnly([T, P], [A, B]),
    'POST /v1/expenses/:id/approve': approval(A, T, B),
    'POST /v1/expenses/:id/reject': approval(A, T, B),
    'POST /v1/expenses/:id/reverse': approval(A, B),
    'POST /v1/timers': ownOnly([A, T, P, B]),
    'GET /v1/timers': ownOnly([A, T, P, B]),
    'GET /v1/timers/:id': ownOnly([A, T, P, B]),
    'POST /v1/timers/:id/pause': ownOnly([A, T, P, B]),
    'POST /v1/timers/:id/resume': ownOnly([A, T, P, B]),
    'POST /v1/timers/:id/stop': ownOnly([A, T, P, B]),
    'POST /v1/timekeepers': anyone(A),
    'GET /v1/timekeepers': anyone(...EVERYONE),
    'GET /v1/timekeepers/:id': anyone(...EVERYONE),
    'PATCH /v1/timekeepers/:id': anyone(A),
    'GET /v1/timekeeper-classifications': anyone(...EVERYONE),
    'GET /v1/timekeeper-classifications/:code': anyone(...EVERYONE),
    'POST /v1/timekeeper-classifications': anyone(A),
    'POST /v1/timekeeper-classifications/bulk-register': anyone(A),
    'PATCH /v1/timekeeper-classifications/:code': anyone(A),
    'PUT /v1/clients/:clientId/billing-guidelines': anyone(A, B),
    'GET /v1/clients/:clientId/billing-guidelines': anyone(...EVERYONE),
    'GET /v1/clients/:clientId/billing-guidelines/versions': anyone(...EVERYONE),
    'GET /v1/utbms-codes': anyone(...EVERYONE),
  },
};

const POLICIES: Record<'intake' | 'timekeeping', AccessPolicy> = {
  intake: INTAKE_POLICY,
  timekeeping: TIMEKEEPING_POLICY,
};

interface Route {
  /** `METHOD /path` as the controller declares it, e.g. `PATCH /v1/time-entries/:id`. */
  key: string;
  method: string;
  path: string;
  isPublic: boolean;
  action: string | undefined;
  requiredRoles: string[] | undefined;
}

/** Every route the app's controllers declare, read from the metadata Nest routes by. */
function routesOf(app: INestApplication): Route[] {
  const routes: Route[] = [];
  const joined = (...parts: string[]) =>
    '/' +
    parts
      .map((part) => part.replace(/^\/+|\/+$/g, ''))
      .filter(Boolean)
      .join('/');
  for (const moduleRef of app.get(ModulesContainer).values()) {
    for (const wrapper of moduleRef.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      if (!controller) continue;
      const prefixes = [Reflect.getMetadata(PATH_METADATA, controller) as string | string[]].flat();
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = Object.getOwnPropertyDescriptor(controller.prototype, name)?.value as unknown;
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const paths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        const verb = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (paths === undefined || verb === undefined) continue;
        const read = <V>(key: string): V | undefined =>
          (Reflect.getMetadata(key, handler) as V | undefined) ??
          (Reflect.getMetadata(key, controller) as V | undefined);
        for (const prefix of prefixes)
          for (const path of [paths].flat()) {
            const method = RequestMethod[verb];
            const full = joined(prefix, path);
            routes.push({
              key: `${method} ${full}`,
              method,
              path: full,
              isPublic: read<boolean>(PUBLIC_ROUTE) === true,
              action: read<string>(POLICY_ACTION),
              requiredRoles: read<string[]>(REQUIRED_ROLES),
            });
          }
      }
    }
  }
  return routes;
}

/** A URL for the route: each path parameter an id nobody has (`::` is a literal colon). */
function urlOf(route: Route): string {
  return route.path
    .split('::')
    .map((part) =>
      part.replace(/:(\w+)/g, (_match, name: string) =>
        name === 'code' ? 'ZZNONE' : name === 'practiceArea' ? 'no-such-area' : randomUUID(),
      ),
    )
    .join(':');
}

const sorted = (roles: readonly string[] | undefined): string[] => [...(roles ?? [])].sort();
const doorRoles = (expected: Expected): FirmRole[] => [
  ...new Set([...expected.anyone, ...(expected.own ?? [])]),
];

describe('Role matrix of intake and timekeeping', () => {
  const apps = {} as Record<'intake' | 'timekeeping', NestFastifyApplication>;
  let producer: Producer;

  beforeAll(async () => {
    const intakeConfig = loadConfig(IntakeConfig, serviceTestEnv('intake'));
    apps.intake = await bootService('intake', (logger) => IntakeModule.register(intakeConfig, logger));
    const timekeepingConfig = loadConfig(TimekeepingConfig, serviceTestEnv('timekeeping'));
    apps.timekeeping = await bootService('timekeeping', (logger) =>
      TimekeepingModule.register(timekeepingConfig, logger),
    );
    producer = await testProducer();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await apps.timekeeping?.close();
    await apps.intake?.close();
  });

  describe.each(['intake', 'timekeeping'] as const)('%s', (service) => {
    it('has exactly the routes this spec expects, each with a policy entry that grants what it expects', () => {
      const routes = routesOf(apps[service]);
      const policy = POLICIES[service];
      expect(routes.map((route) => route.key).sort()).toEqual(Object.keys(EXPECTED[service]).sort());
      for (const route of routes) {
        const expected = EXPECTED[service][route.key]!;
        expect({ route: route.key, isPublic: route.isPublic }).toEqual({ route: route.key, isPublic: false });
        expect({
          route: route.key,
          hasPolicyEntry: route.action !== undefined && route.action in policy,
        }).toEqual({ route: route.key, hasPolicyEntry: true });
        const permission = policy[route.action!]!;
        expect({
          route: route.key,
          anyone: sorted(permission.anyone),
          ownOnly: sorted((permission.own ?? []).filter((role) => !permission.anyone.includes(role))),
          selfApproval: sorted(permission.selfApproval),
          door: sorted(route.requiredRoles),
        }).toEqual({
          route: route.key,
          anyone: sorted(expected.anyone),
          ownOnly: sorted((expected.own ?? []).filter((role) => !expected.anyone.includes(role))),
          selfApproval: expected.selfApproval ? [A] : [],
          door: sorted(rolesAllowed(permission)),
        });
      }
    });

    it('admits exactly the expected roles at every route, and refuses the others with 403 insufficient_role', async () => {
      const firm = newCaller({ roles: [] });
      const callers: Array<[string, TestCaller]> = [
        ...FIRM_ROLES.map((role): [string, TestCaller] => [role, colleagueOf(firm, [role])]),
        ['no role', firm],
      ];
      const answers: string[] = [];
      const expectations: string[] = [];
      for (const route of routesOf(apps[service])) {
        const door = doorRoles(EXPECTED[service][route.key]!);
        for (const [name, caller] of callers) {
          const method = route.method as 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
          const response = await serviceClient(apps[service])
            .as(caller)
            .request(method, urlOf(route), method === 'GET' || method === 'DELETE' ? undefined : {});
          const refused = response.status === 403 && response.body?.code === 'insufficient_role';
          answers.push(`${route.key} as ${name}: ${refused ? 'refused' : `admitted (${response.status})`}`);
          const admit = door.some((role) => caller.roles.includes(role));
          expectations.push(
            `${route.key} as ${name}: ${admit ? `admitted (${response.status})` : 'refused'}`,
          );
          if (!admit) expect(String(response.headers['content-type'])).toContain('application/problem+json');
          if (admit) expect(response.status).not.toBe(403);
        }
      }
      expect(answers).toEqual(expectations);
    });
  });

  describe('timekeeping records: own versus anyone’s', () => {
    type Kind = 'time-entries' | 'expenses';
    type State = 'draft' | 'submitted' | 'approved';
    const CASES: Array<{ kind: Kind; verb: string; method: 'PATCH' | 'POST'; needs: State; body: object }> = [
      { kind: 'time-entries', verb: 'edit', method: 'PATCH', needs: 'draft', body: { narrative: 'Edited' } },
      { kind: 'time-entries', verb: 'submit', method: 'POST', needs: 'draft', body: {} },
      { kind: 'time-entries', verb: 'approve', method: 'POST', needs: 'submitted', body: {} },
      {
        kind: 'time-entries',
        verb: 'reject',
        method: 'POST',
        needs: 'submitted',
        body: { reason: 'Split it' },
      },
      { kind: 'time-entries', verb: 'reverse', method: 'POST', needs: 'approved', body: {} },
      { kind: 'expenses', verb: 'edit', method: 'PATCH', needs: 'draft', body: { description: 'Edited' } },
      { kind: 'expenses', verb: 'submit', method: 'POST', needs: 'draft', body: {} },
      { kind: 'expenses', verb: 'approve', method: 'POST', needs: 'submitted', body: {} },
      {
        kind: 'expenses',
        verb: 'reject',
        method: 'POST',
        needs: 'submitted',
        body: { reason: 'No receipt' },
      },
      { kind: 'expenses', verb: 'reverse', method: 'POST', needs: 'approved', body: {} },
    ];
    const RECORDERS: FirmRole[] = [A, T, P, B];

    it.each(RECORDERS)('answers %s on its own and on a colleague’s records as expected', async (role) => {
      const app = apps.timekeeping;
      const admin = newCaller({ roles: [A] });
      const matterId = await publishMatterAndWait(app, producer, admin.firmId);
      const as = (caller: TestCaller) => serviceClient(app).as(caller);
      const me = colleagueOf(admin, [role]);
      const colleague = colleagueOf(admin, [P]);

      const record = async (kind: Kind, owner: TestCaller, state: State): Promise<string> => {
        const id =
          kind === 'time-entries'
            ? (await createTimeEntry(as(owner), matterId)).id
            : ((
                await as(owner).post('/v1/expenses', {
                  matterId,
                  expenseDate: '2026-01-15',
                  expenseCode: 'E112',
                  description: 'Filing fee',
                  amountMinor: 40000,
                  currency: 'USD',
                })
              ).body.id as string);
        if (state !== 'draft') expect((await as(owner).post(`/v1/${kind}/${id}/submit`)).status).toBe(200);
        // A third person approves, so the setup never depends on the rule under test.
        if (state === 'approved')
          expect((await as(colleagueOf(admin, [A])).post(`/v1/${kind}/${id}/approve`)).status).toBe(200);
        return id;
      };

      const answers: string[] = [];
      const expectations: string[] = [];
      for (const { kind, verb, method, needs, body } of CASES) {
        const path = verb === 'edit' ? `/v1/${kind}/:id` : `/v1/${kind}/:id/${verb}`;
        const expected = EXPECTED.timekeeping[`${method} ${path}`]!;
        for (const whose of ['own', "a colleague's"] as const) {
          const id = await record(kind, whose === 'own' ? me : colleague, needs);
          const response = await as(me).request(method, path.replace(':id', id), body);
          answers.push(
            `${verb} ${kind} (${whose}): ${response.status === 200 ? 'allowed' : `${response.status} ${response.body?.code}`}`,
          );
          const allowed =
            whose === 'own'
              ? doorRoles(expected).includes(role) && (!expected.selfApproval || role === A)
              : expected.anyone.includes(role);
          const refusal = !doorRoles(expected).includes(role)
            ? 'insufficient_role'
            : whose === 'own'
              ? 'own_approval'
              : 'not_own_record';
          expectations.push(`${verb} ${kind} (${whose}): ${allowed ? 'allowed' : `403 ${refusal}`}`);
        }
      }
      expect(answers).toEqual(expectations);
    });
  });
});
