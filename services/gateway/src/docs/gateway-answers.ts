import type { OpenAPIObject, ParameterObject, ResponseObject } from '@nestjs/swagger';
import { documentResponse, operationsOf, problemResponse } from '@lawfirm/platform';

const IDEMPOTENCY_KEY_PARAMETER: ParameterObject = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Makes a retry safe: the first request with a key runs and its answer is kept for 24 hours; a retry with the ' +
    'same key and request gets that answer again (header `Idempotent-Replayed: true`). The same key with another ' +
    'request answers 422 `idempotency_key_reused`; while the first still runs, 409 `idempotency_in_progress`.',
  schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7e]+$' },
};

const KEYED_METHODS: ReadonlySet<string> = new Set(['post', 'put', 'patch', 'delete']);

const RATE_LIMITED: ResponseObject = {
  ...problemResponse('Too many requests for this token (`rate_limited`); retry after `Retry-After` seconds.'),
  headers: {
    'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer' } },
  },
};

/**
 * What the gateway answers itself, on top of what each service documents: the per-token rate limit
 * on every authenticated route, and Idempotency-Key on every forwarded write (the gateway's own
 * routes take no key).
 */
export function documentGatewayAnswers(document: OpenAPIObject, forwarded: ReadonlySet<string>): void {
  document.components ??= {};
  document.components.parameters ??= {};
  document.components.parameters.IdempotencyKey = IDEMPOTENCY_KEY_PARAMETER;
  for (const { path, method, operation } of operationsOf(document)) {
    if (operation.security?.length) documentResponse(operation, '429', RATE_LIMITED);
    if (!forwarded.has(path) || !KEYED_METHODS.has(method)) continue;
    operation.parameters = [
      ...(operation.parameters ?? []),
      { $ref: '#/components/parameters/IdempotencyKey' },
    ];
    documentResponse(
      operation,
      '400',
      problemResponse('The request is not valid (a malformed `Idempotency-Key` included).'),
    );
    documentResponse(
      operation,
      '409',
      problemResponse('A request with this `Idempotency-Key` is still running (`idempotency_in_progress`).'),
    );
    documentResponse(
      operation,
      '422',
      problemResponse('This `Idempotency-Key` was used for another request (`idempotency_key_reused`).'),
    );
  }
}
