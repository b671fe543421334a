import { Inject, Injectable } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { request } from 'undici';
import { HTTP_ROUTES, serviceForPath, type DomainServiceName } from '@lawfirm/contracts';
import { SERVICE_CONFIG } from '@lawfirm/platform';
import { upstreamUrl, type GatewayConfig } from '../config';
import { documentGatewayAnswers } from './gateway-answers';

/** The services whose routes the public document carries: those the HTTP manifest gives a path. */
export const DOCUMENTED_SERVICES: readonly DomainServiceName[] = [
  ...new Set(HTTP_ROUTES.map((rule) => rule.service)),
];

/**
 * The public API document: the gateway's own routes plus each path the HTTP manifest sends to a
 * service, taken from that service's document, with what the gateway adds to every forwarded
 * call (rate limit, Idempotency-Key) documented. Pure, so the running gateway and
 * `npm run openapi` (which builds the documents without a running stack) produce the same thing.
 */
export function mergeOpenApi(
  own: OpenAPIObject,
  upstreams: Partial<Record<DomainServiceName, OpenAPIObject>>,
  serverUrl = '/',
): OpenAPIObject {
  const document: OpenAPIObject = structuredClone(own);
  document.servers = [{ url: serverUrl, description: 'The gateway' }];
  document.paths ??= {};
  document.components ??= {};
  document.components.schemas ??= {};
  const forwarded = new Set<string>();
  for (const [service, upstream] of Object.entries(upstreams)) {
    for (const [path, item] of Object.entries(upstream.paths ?? {})) {
      // `{id}` → `:id`: the manifest's own spelling of a path parameter.
      if (serviceForPath(path.replace(/\{([^}]+)\}/g, ':$1')) !== service) continue;
      document.paths[path] = structuredClone(item);
      forwarded.add(path);
    }
    Object.assign(document.components.schemas, structuredClone(upstream.components?.schemas ?? {}));
  }
  documentGatewayAnswers(document, forwarded);
  return document;
}

/** Serves mergeOpenApi over the running services' own documents (fetched once all answer). */
@Injectable()
export class OpenApiAggregator {
  private merged: OpenAPIObject | undefined;

  constructor(@Inject(SERVICE_CONFIG) private readonly config: GatewayConfig) {}

  async document(own: OpenAPIObject): Promise<OpenAPIObject> {
    if (this.merged) return this.merged;
    const upstreams: Partial<Record<DomainServiceName, OpenAPIObject>> = {};
    let complete = true;
    for (const service of DOCUMENTED_SERVICES) {
      try {
        const response = await request(`${upstreamUrl(this.config, service)}/openapi.json`, {
          headersTimeout: 3000,
          bodyTimeout: 3000,
        });
        upstreams[service] = (await response.body.json()) as OpenAPIObject;
      } catch {
        complete = false;
      }
    }
    const document = mergeOpenApi(own, upstreams, this.config.PUBLIC_ORIGIN);
    if (complete) this.merged = document;
    return document;
  }
}
