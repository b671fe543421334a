import type { INestApplication } from '@nestjs/common';
import { ModulesContainer, NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import {
  ApiResponse,
  DocumentBuilder,
  SwaggerModule,
  type OpenAPIObject,
  type OperationObject,
  type ParameterObject,
  type ReferenceObject,
  type ResponseObject,
  type SchemaObject,
} from '@nestjs/swagger';
import { PUBLIC_ROUTE, REQUIRED_ROLES } from '@lawfirm/auth';
import { PROBLEM_CONTENT_TYPE } from '@lawfirm/errors';
import { documentValidationRules } from './openapi-validation';

export interface OpenApiMeta {
  title: string;
  description: string;
  version?: string;
}

/** The security scheme every authenticated operation names. */
export const BEARER_SCHEME = 'bearer';

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** The body of every error answer (the problem filter in @lawfirm/errors writes it). */
export const PROBLEM_SCHEMA: SchemaObject = {
  type: 'object',
  description:
    'RFC 9457 problem details. `errors` lists field-level messages for validation failures; a 5xx carries `errorId`.',
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

/** A problem+json answer, as an operation's response. */
export function problemResponse(description: string): ResponseObject {
  return {
    description,
    content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } },
  };
}

/**
 * Documents a problem+json answer a handler gives for its own reasons (a domain error); what the
 * platform answers for every route of a kind is added by documentPlatformErrors.
 */
export const ApiProblemResponse = (status: number, description: string): MethodDecorator & ClassDecorator =>
  ApiResponse({ status, ...problemResponse(description) });

/** Adds `response` under `status` unless the operation documents that status itself. */
export function documentResponse(operation: OperationObject, status: string, response: ResponseObject): void {
  operation.responses ??= {};
  operation.responses[status] ??= response;
}

/** Every operation in the document, with its path and method. */
export function* operationsOf(
  document: OpenAPIObject,
): Generator<{ path: string; method: (typeof HTTP_METHODS)[number]; operation: OperationObject }> {
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (operation) yield { path, method, operation };
    }
  }
}

/** What the guards know about a handler: whether it is @Public and which roles it requires. */
interface HandlerAccess {
  isPublic: boolean;
  requiresRoles: boolean;
}

/** The operation id a handler gets (see `operationIdFactory` below). */
const operationIdOf = (controller: string, method: string): string =>
  `${controller.replace(/Controller$/, '')}_${method}`;

/**
 * Reads the @Public and @RequireRoles metadata the guards act on, by operation id, so the document
 * states exactly the access rules the running code applies.
 */
function handlerAccess(app: INestApplication): Map<string, HandlerAccess> {
  const access = new Map<string, HandlerAccess>();
  for (const moduleRef of app.get(ModulesContainer).values()) {
    for (const wrapper of moduleRef.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      if (!controller) continue;
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        if (name === 'constructor') continue;
        const handler = Object.getOwnPropertyDescriptor(controller.prototype, name)?.value as unknown;
        if (typeof handler !== 'function') continue;
        const read = <T>(key: string): T | undefined =>
          (Reflect.getMetadata(key, handler) as T | undefined) ??
          (Reflect.getMetadata(key, controller) as T | undefined);
        access.set(operationIdOf(controller.name, name), {
          isPublic: read<boolean>(PUBLIC_ROUTE) === true,
          requiresRoles: (read<readonly string[]>(REQUIRED_ROLES)?.length ?? 0) > 0,
        });
      }
    }
  }
  return access;
}

const isReference = (value: unknown): value is ReferenceObject =>
  typeof value === 'object' && value !== null && '$ref' in value;

/**
 * Documents the errors the platform itself answers, on every operation: 401 without a valid token
 * (403 when the handler requires roles) on authenticated routes, `security: []` on public ones,
 * 400 when the validation pipe checks a body or query, 413 past the body limit, 404 for a path
 * naming a resource, and a problem+json `default` for the rest (a 5xx carries an error id).
 * Statuses an operation documents itself are kept.
 */
export function documentPlatformErrors(
  document: OpenAPIObject,
  access: ReadonlyMap<string, HandlerAccess>,
): void {
  document.components ??= {};
  document.components.schemas ??= {};
  document.components.schemas.Problem = PROBLEM_SCHEMA;
  for (const { path, operation } of operationsOf(document)) {
    const handler = operation.operationId ? access.get(operation.operationId) : undefined;
    if (handler?.isPublic) {
      operation.security = [];
    } else {
      operation.security ??= [{ [BEARER_SCHEME]: [] }];
      documentResponse(operation, '401', problemResponse('No valid bearer token (`unauthenticated`).'));
      if (handler?.requiresRoles) {
        documentResponse(
          operation,
          '403',
          problemResponse("The caller's roles do not allow this (`forbidden`)."),
        );
      }
    }
    const parameters = (operation.parameters ?? []).filter(
      (parameter): parameter is ParameterObject => !isReference(parameter),
    );
    if (operation.requestBody || parameters.some((parameter) => parameter.in === 'query')) {
      documentResponse(
        operation,
        '400',
        problemResponse('The request is not valid; `errors` names each field.'),
      );
    }
    if (/\{[^}]+\}/.test(path)) {
      documentResponse(operation, '404', problemResponse('No such resource in your firm.'));
    }
    if (operation.requestBody) {
      documentResponse(
        operation,
        '413',
        problemResponse('The request body is larger than this route accepts.'),
      );
    }
    documentResponse(operation, 'default', problemResponse('An error, as RFC 9457 problem details.'));
  }
}

/**
 * The OpenAPI document of a service's HTTP routes, as its controllers declare them, with the
 * platform's own answers documented (see documentPlatformErrors).
 */
export function buildOpenApi(
  app: INestApplication,
  options: { service: string; openapi?: OpenApiMeta },
): OpenAPIObject {
  const meta = options.openapi ?? { title: options.service, description: '' };
  const config = new DocumentBuilder()
    .setTitle(meta.title)
    .setDescription(meta.description)
    .setVersion(meta.version ?? '1')
    .setLicense('Apache-2.0', 'https://www.apache.org/licenses/LICENSE-2.0')
    .addServer('/')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, BEARER_SCHEME)
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (controller, method) => operationIdOf(controller, method),
  });
  documentPlatformErrors(document, handlerAccess(app));
  documentValidationRules(document);
  return document;
}

/**
 * A module's document without running it: Nest's preview mode registers the controllers and
 * their metadata but instantiates nothing, so no database, broker or key is touched.
 */
export async function previewOpenApi(
  module: unknown,
  options: { service: string; openapi?: OpenApiMeta },
): Promise<OpenAPIObject> {
  const app = await NestFactory.create(module as never, new FastifyAdapter(), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  return buildOpenApi(app, options);
}
