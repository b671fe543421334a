import {
  BadRequestException,
  ForbiddenException,
  HttpException,
  InternalServerErrorException,
  Logger,
  NotFoundException,
  type ArgumentsHost,
} from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsInt, IsString, Min, ValidateNested, validateSync } from 'class-validator';
import { plainToInstance } from 'class-transformer';
import { DomainError, NotFoundError, ValidationFailedError, type DomainErrorKind } from './domain-error';
import { ProblemFilter } from './problem.filter';
import { flattenValidationErrors } from './validation';

/** A reply that records what the filter sent, in place of Fastify's. */
class FakeReply {
  statusCode?: number;
  headers: Record<string, string> = {};
  body?: unknown;
  status(code: number): this {
    this.statusCode = code;
    return this;
  }
  header(name: string, value: string): this {
    this.headers[name.toLowerCase()] = value;
    return this;
  }
  send(body: unknown): this {
    this.body = body;
    return this;
  }
}

function httpHost(
  reply: FakeReply,
  request: { url?: string; headers?: Record<string, string> },
): ArgumentsHost {
  return {
    switchToHttp: () => ({ getResponse: () => reply, getRequest: () => request, getNext: () => undefined }),
  } as unknown as ArgumentsHost;
}

describe('ProblemFilter', () => {
  let filter: ProblemFilter;
  let loggedErrors: jest.SpyInstance;

  beforeEach(() => {
    filter = new ProblemFilter();
    loggedErrors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });

  afterEach(() => jest.restoreAllMocks());

  describe('toProblem', () => {
    it.each<[DomainErrorKind, number]>([
      ['validation', 400],
      ['unauthorized', 401],
      ['forbidden', 403],
      ['not-found', 404],
      ['conflict', 409],
      ['unprocessable', 422],
      ['rate-limited', 429],
      ['unavailable', 503],
    ])('maps a %s domain error to status %i with its code and message', (kind, status) => {
      const body = filter.toProblem(new DomainError(kind, 'matter_is_closed', 'Matter M-1 is closed.'));

      expect(body).toMatchObject({ status, code: 'matter_is_closed', detail: 'Matter M-1 is closed.' });
      expect(body.type).toBe('/problems/matter-is-closed');
      expect(body.title).toEqual(expect.any(String));
      expect(body.errors).toBeUndefined();
    });

    it('includes the field errors when a validation error carries them', () => {
      const fieldErrors = [
        { field: 'minutes', message: 'minutes must not be less than 1' },
        { field: 'address.city', message: 'address.city must be a string' },
      ];

      const body = filter.toProblem(new ValidationFailedError(fieldErrors));

      expect(body).toMatchObject({
        status: 400,
        code: 'validation_failed',
        title: 'Bad Request',
        errors: fieldErrors,
      });
    });

    it('names the resource and id when a NotFoundError is raised', () => {
      const body = filter.toProblem(new NotFoundError('time_entry', 'abc'));

      expect(body).toMatchObject({
        status: 404,
        code: 'time_entry_not_found',
        detail: 'Time entry abc was not found.',
      });
    });

    it('carries the extension members of a domain error', () => {
      const body = filter.toProblem(
        new DomainError('conflict', 'version_conflict', 'Stale.', [], { currentVersion: 7 }),
      );

      expect(body.currentVersion).toBe(7);
    });

    it('maps a Nest NotFoundException to 404 with its message when a controller throws it', () => {
      const body = filter.toProblem(new NotFoundException('No route for /v1/nowhere'));

      expect(body).toMatchObject({
        status: 404,
        code: 'not_found',
        title: 'Not Found',
        detail: 'No route for /v1/nowhere',
      });
    });

    it.each([
      [new ForbiddenException(), 403, 'forbidden'],
      [new BadRequestException(['a must be a string', 'b must be a number']), 400, 'bad_request'],
      [new HttpException('Gone for good', 410), 410, 'client_error'],
    ])('maps a Nest HttpException to its own status (%#)', (exception, status, code) => {
      const body = filter.toProblem(exception);

      expect(body).toMatchObject({ status, code });
      expect(typeof body.detail).toBe('string');
    });

    it('maps an error Fastify raised itself to its 4xx status when the body is too large', () => {
      const tooLarge = Object.assign(new Error('Request body is too large'), {
        statusCode: 413,
        code: 'FST_ERR_CTP_BODY_TOO_LARGE',
      });

      expect(filter.toProblem(tooLarge)).toMatchObject({ status: 413, code: 'payload_too_large' });
    });

    it('maps an unknown Error to 500 with an error id and without the internal message', () => {
      const cause = new Error('connect ECONNREFUSED 10.0.0.5:5432 password=hunter2');

      const body = filter.toProblem(cause);

      expect(body).toMatchObject({ status: 500, code: 'internal_error', title: 'Internal Server Error' });
      expect(body.errorId).toMatch(/^[0-9a-f-]{36}$/);
      expect(JSON.stringify(body)).not.toContain('ECONNREFUSED');
      expect(JSON.stringify(body)).not.toContain('hunter2');
    });

    it('logs the error id together with the cause when it hides a server error', () => {
      const body = filter.toProblem(new Error('disk full'));

      expect(loggedErrors).toHaveBeenCalledWith(
        expect.objectContaining({
          errorId: body.errorId,
          err: expect.objectContaining({ message: 'disk full' }),
        }),
        expect.any(String),
      );
    });

    it('gives each server error its own error id', () => {
      const first = filter.toProblem(new Error('x'));
      const second = filter.toProblem(new Error('x'));

      expect(first.errorId).not.toBe(second.errorId);
    });

    it('hides the message of a 5xx HttpException behind an error id', () => {
      const body = filter.toProblem(new InternalServerErrorException('SELECT * FROM api_clients failed'));

      expect(body.status).toBe(500);
      expect(body.errorId).toEqual(expect.any(String));
      expect(JSON.stringify(body)).not.toContain('api_clients');
    });

    it.each([['a thrown string'], [undefined], [null], [{ statusCode: 200 }]])(
      'maps a non-Error throw (%p) to 500',
      (thrown) => {
        expect(filter.toProblem(thrown)).toMatchObject({ status: 500, code: 'internal_error' });
      },
    );
  });

  describe('catch', () => {
    it('sends problem+json with the status, request path and request id when an error is caught', () => {
      const reply = new FakeReply();
      const request = { url: '/v1/matters/abc?include=client', headers: { 'x-request-id': 'req-123' } };

      filter.catch(new NotFoundError('matter', 'abc'), httpHost(reply, request));

      expect(reply.statusCode).toBe(404);
      expect(reply.headers['content-type']).toBe('application/problem+json');
      expect(reply.body).toMatchObject({
        status: 404,
        code: 'matter_not_found',
        instance: '/v1/matters/abc',
        requestId: 'req-123',
      });
      expect(reply.headers['retry-after']).toBeUndefined();
    });

    it('sets Retry-After when a rate-limited error carries retryAfterSeconds', () => {
      const reply = new FakeReply();
      const rateLimited = new DomainError('rate-limited', 'rate_limited', 'Slow down.', [], {
        retryAfterSeconds: 12,
      });

      filter.catch(rateLimited, httpHost(reply, { url: '/v1/clients' }));

      expect(reply.statusCode).toBe(429);
      expect(reply.headers['retry-after']).toBe('12');
      expect(reply.headers['content-type']).toBe('application/problem+json');
      expect(reply.body).toMatchObject({ code: 'rate_limited', retryAfterSeconds: 12 });
    });

    it('sends 500 with an error id and no internal detail when an unknown error is caught', () => {
      const reply = new FakeReply();

      filter.catch(
        new TypeError("Cannot read properties of undefined (reading 'firmId')"),
        httpHost(reply, {}),
      );

      expect(reply.statusCode).toBe(500);
      expect(reply.body).toMatchObject({ status: 500, errorId: expect.any(String) });
      expect(JSON.stringify(reply.body)).not.toContain('firmId');
    });
  });
});

class Address {
  @IsString() city!: string;
}

class Line {
  @IsInt() @Min(1) minutes!: number;
}

class Invoice {
  @IsString() number!: string;
  @ValidateNested() @Type(() => Address) address!: Address;
  @ValidateNested({ each: true }) @Type(() => Line) lines!: Line[];
}

function validationErrorsFor(plain: object) {
  return validateSync(plainToInstance(Invoice, plain), { whitelist: true, forbidNonWhitelisted: true });
}

describe('flattenValidationErrors', () => {
  it('names nested fields by their dotted path when a nested object or array item is invalid', () => {
    const errors = validationErrorsFor({
      number: 'INV-1',
      address: { city: 7 },
      lines: [{ minutes: 6 }, { minutes: 0 }],
    });

    expect(flattenValidationErrors(errors)).toEqual([
      { field: 'address.city', message: 'city must be a string' },
      { field: 'lines.1.minutes', message: 'minutes must not be less than 1' },
    ]);
  });

  it('keeps every broken rule of a top-level field', () => {
    const errors = validationErrorsFor({
      number: 'INV-1',
      address: { city: 'Bern' },
      lines: [{ minutes: 'ten' }],
    });

    expect(flattenValidationErrors(errors)).toEqual(
      expect.arrayContaining([
        { field: 'lines.0.minutes', message: 'minutes must not be less than 1' },
        { field: 'lines.0.minutes', message: 'minutes must be an integer number' },
      ]),
    );
  });

  it('reports an unknown nested property as not a known field', () => {
    const errors = validationErrorsFor({
      number: 'INV-1',
      address: { city: 'Bern', zip: '3000' },
      lines: [],
    });

    expect(flattenValidationErrors(errors)).toEqual([
      { field: 'address.zip', message: 'address.zip is not a known field' },
    ]);
  });

  it('returns nothing when there are no errors', () => {
    expect(
      flattenValidationErrors(validationErrorsFor({ number: 'INV-1', address: { city: 'Bern' }, lines: [] })),
    ).toEqual([]);
  });
});
