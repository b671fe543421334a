import type { ActorKind, FirmRole } from '@lawfirm/auth';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { internalTokenFor } from './test-env';

/** One caller of one firm, as the gateway would describe it to a service. */
export interface TestCaller {
  firmId: string;
  /** The gateway user (or API client) id; a UUID like the gateway's. */
  subject: string;
  roles: FirmRole[];
  /** Who the gateway says is calling (default `user`); a `vendor` caller's subject is its vendor organisation id. */
  actorType?: ActorKind;
}

/** Roles a caller gets when a test does not care: every firm role that may write. */
export const ALL_WRITING_ROLES: FirmRole[] = ['firm-admin', 'attorney', 'billing'];

/** A caller in a new firm (or `firmId`), with its own subject; the roles a test does not name are the writing ones. */
export function newCaller(overrides: Partial<TestCaller> = {}): TestCaller {
  return {
    firmId: overrides.firmId ?? randomUUID(),
    subject: overrides.subject ?? randomUUID(),
    roles: overrides.roles ?? ALL_WRITING_ROLES,
    ...(overrides.actorType ? { actorType: overrides.actorType } : {}),
  };
}

/** A colleague of `caller`: same firm, another person, these roles. */
export function colleagueOf(caller: TestCaller, roles: FirmRole[]): TestCaller {
  return newCaller({ firmId: caller.firmId, roles });
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** What a test reads of a response: its status, its parsed JSON body (or text), and its headers. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- specs read arbitrary response shapes
export interface TestResponse<Body = any> {
  status: number;
  body: Body;
  headers: Record<string, string | string[] | number | undefined>;
  text: string;
  /** The body's bytes, for binary answers (a ZIP, a PDF) that text would mangle. */
  raw?: Buffer;
}

export interface RequestOptions {
  headers?: Record<string, string>;
  /** The peer address the request comes from (default 127.0.0.1): throttling per source address keys on it. */
  remoteAddress?: string;
}

/** Requests from one caller to one in-process service, with an internal token minted for each. */
export interface CallerClient {
  readonly caller: TestCaller;
  request(
    method: HttpMethod,
    url: string,
    payload?: unknown,
    options?: RequestOptions,
  ): Promise<TestResponse>;
  get(url: string, options?: RequestOptions): Promise<TestResponse>;
  post(url: string, payload?: unknown, options?: RequestOptions): Promise<TestResponse>;
  put(url: string, payload?: unknown, options?: RequestOptions): Promise<TestResponse>;
  patch(url: string, payload?: unknown, options?: RequestOptions): Promise<TestResponse>;
  delete(url: string, options?: RequestOptions): Promise<TestResponse>;
}

export interface ServiceClient {
  /** Calls made as `caller` (a firm user with roles). */
  as(caller: TestCaller): CallerClient;
  /** Calls with no token at all (what an outsider gets). */
  anonymous(): CallerClient;
}

const servicesOfApps = new WeakMap<NestFastifyApplication, string>();

/** Remembers which service an app is (bootService does), so `serviceClient(app)` mints tokens for it. */
export function registerServiceApp(app: NestFastifyApplication, service: string): void {
  servicesOfApps.set(app, service);
}

/**
 * The one way specs call a service they booted in-process: `serviceClient(app).as(caller).post(url, body)`.
 * Each request carries a fresh internal token for the caller, as the gateway would mint it.
 */
export function serviceClient(app: NestFastifyApplication, service = servicesOfApps.get(app)): ServiceClient {
  if (!service) throw new Error('serviceClient: boot the app with bootService (or name the service)');
  const clientFor = (caller: TestCaller | undefined): CallerClient => {
    const request = async (
      method: HttpMethod,
      url: string,
      payload?: unknown,
      options: RequestOptions = {},
    ): Promise<TestResponse> => {
      const headers: Record<string, string> = { ...options.headers };
      if (caller) {
        // Bound to the URL as the service will see it: inject normalises it as the WHATWG URL parser does.
        const { pathname, search } = new URL(url, 'http://localhost');
        const bound = { method, url: pathname + search };
        headers.authorization = `Bearer ${internalTokenFor(service, bound, caller.firmId, caller.roles, caller.subject, caller.actorType)}`;
      }
      const response = await app.inject({
        method,
        url,
        headers,
        ...(options.remoteAddress ? { remoteAddress: options.remoteAddress } : {}),
        ...(payload === undefined
          ? {}
          : typeof payload === 'string'
            ? { payload }
            : { payload: payload as object }),
      });
      let body: unknown = response.body;
      try {
        body = response.body ? JSON.parse(response.body) : undefined;
      } catch {
        body = response.body;
      }
      return {
        status: response.statusCode,
        body,
        headers: response.headers,
        text: response.body,
        raw: response.rawPayload,
      };
    };
    return {
      caller: caller ?? { firmId: '', subject: '', roles: [] },
      request,
      get: (url, options) => request('GET', url, undefined, options),
      post: (url, payload, options) => request('POST', url, payload ?? {}, options),
      put: (url, payload, options) => request('PUT', url, payload ?? {}, options),
      patch: (url, payload, options) => request('PATCH', url, payload ?? {}, options),
      delete: (url, options) => request('DELETE', url, undefined, options),
    };
  };
  return { as: (caller) => clientFor(caller), anonymous: () => clientFor(undefined) };
}
