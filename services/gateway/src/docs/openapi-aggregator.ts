import { Inject, Injectable } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { request } from 'undici';
import { SERVICE_CONFIG } from '@lawfirm/platform';
import type { GatewayConfig } from '../config';
import { ROUTE_RULES } from '../proxy/service-router';

/**
 * The public API document: the gateway's own routes plus every route the gateway forwards,
 * taken from each owning service's document, so the docs are always those of the running code.
 */
@Injectable()
export class OpenApiAggregator {
  private merged: OpenAPIObject | undefined;

  constructor(@Inject(SERVICE_CONFIG) private readonly config: GatewayConfig) {}

  async document(own: OpenAPIObject): Promise<OpenAPIObject> {
    if (this.merged) return this.merged;
    const upstreams: Record<string, string> = {
      intake: this.config.INTAKE_URL,
      timekeeping: this.config.TIMEKEEPING_URL,
      billing: this.config.BILLING_URL,
    };
    const document: OpenAPIObject = structuredClone(own);
    document.paths ??= {};
    document.components ??= {};
    document.components.schemas ??= {};
    document.components.parameters ??= {};
    document.components.parameters.IdempotencyKey = IDEMPOTENCY_KEY_PARAMETER;
    const forwarded = new Set<string>();
    let complete = true;
    for (const [service, baseUrl] of Object.entries(upstreams)) {
      try {
        const response = await request(`${baseUrl}/openapi.json`, { headersTimeout: 3000, bodyTimeout: 3000 });
        const upstream = (await response.body.json()) as OpenAPIObject;
        for (const [path, item] of Object.entries(upstream.paths ?? {})) {
          const owner = ROUTE_RULES.find((rule) => rule.pattern.test(path.replace(/\{[^}]+\}/g, '00000000-0000-0000-0000-000000000000')));
          if (owner?.service !== service) continue;
          document.paths[path] = item;
          forwarded.add(path);
        }
        Object.assign(document.components.schemas, upstream.components?.schemas ?? {});
      } catch {
        complete = false;
      }
    }
    document.components.schemas.Problem = PROBLEM_SCHEMA;
    for (const path of forwarded) {
      const item = document.paths[path] as Record<string, { parameters?: unknown[] } | undefined>;
      for (const method of ['post', 'put', 'patch', 'delete']) {
        const operation = item[method];
        if (!operation) continue;
        operation.parameters = [...(operation.parameters ?? []), { $ref: '#/components/parameters/IdempotencyKey' }];
      }
    }
    for (const item of Object.values(document.paths)) {
      for (const operation of Object.values(item as Record<string, { responses?: Record<string, unknown> }>)) {
        if (typeof operation !== 'object' || !operation || !('responses' in operation)) continue;
        operation.responses ??= {};
        operation.responses.default ??= {
          description: 'An error, as RFC 9457 problem details',
          content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
        };
      }
    }
    if (complete) this.merged = document;
    return document;
  }
}

const IDEMPOTENCY_KEY_PARAMETER = {
  name: 'Idempotency-Key',
  in: 'header' as const,
  required: false,
  description:
    'Makes a retry safe: the first request with a key runs and its answer is kept for 24 hours; a retry with the ' +
    'same key and request gets that answer again (header `Idempotent-Replayed: true`). The same key with another ' +
    'request answers 422 `idempotency_key_reused`; while the first still runs, 409 `idempotency_in_progress`.',
  schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7e]+$' },
};

const PROBLEM_SCHEMA = {
  type: 'object',
  description: 'RFC 9457 problem details. `errors` lists field-level messages for validation failures; a 5xx carries `errorId`.',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    code: { type: 'string', description: 'Stable machine-readable error code.' },
    errors: {
      type: 'array',
      items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } },
    },
    errorId: { type: 'string' },
    requestId: { type: 'string' },
  },
  required: ['type', 'title', 'status', 'code'],
};
