import { InvalidEventError } from '@lawfirm/contracts';
import { DomainError, NotFoundError, ValidationFailedError } from '@lawfirm/errors';
import { QueryFailedError } from 'typeorm';
import { classifyConsumerError } from './error-classification';

function pgError(code: string, message = 'failed'): Error {
  return Object.assign(new Error(message), { code });
}

describe(classifyConsumerError, () => {
  it.each([
    ['serialization failure', '40001'],
    ['deadlock', '40P01'],
    ['lock timeout', '55P03'],
    ['admin shutdown (pg_terminate_backend)', '57P01'],
    ['cannot connect now (failover)', '57P03'],
    ['too many connections', '53300'],
    ['connection failure', '08006'],
  ])('calls a %s transient', (_name, code) => {
    expect(classifyConsumerError(pgError(code))).toBe('transient');
  });

  it('looks through TypeORM to the driver error', () => {
    const wrapped = new QueryFailedError('SELECT 1', [], pgError('40P01', 'deadlock detected'));
    expect(classifyConsumerError(wrapped)).toBe('transient');
  });

  it('calls a lost or refused connection transient', () => {
    expect(classifyConsumerError(new Error('Connection terminated unexpectedly'))).toBe('transient');
    expect(classifyConsumerError(pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'))).toBe(
      'transient',
    );
    expect(
      classifyConsumerError(pgError('55000', 'database "billing" is not currently accepting connections')),
    ).toBe('transient');
  });

  it('calls a retriable broker error transient', () => {
    const kafkaError = Object.assign(new Error('The coordinator is not available'), {
      name: 'KafkaJSProtocolError',
      retriable: true,
    });
    expect(classifyConsumerError(kafkaError)).toBe('transient');
  });

  it('calls an invalid event and a domain refusal permanent', () => {
    expect(classifyConsumerError(new InvalidEventError(['data.minutes must be an integer']))).toBe(
      'permanent',
    );
    expect(classifyConsumerError(new ValidationFailedError([{ field: 'x', message: 'bad' }]))).toBe(
      'permanent',
    );
    expect(classifyConsumerError(new NotFoundError('matter', 'm-1'))).toBe('permanent');
  });

  it('calls a domain error of kind unavailable transient', () => {
    expect(classifyConsumerError(new DomainError('unavailable', 'store_unavailable', 'try later'))).toBe(
      'transient',
    );
  });

  it('calls a refused statement permanent: constraint, data and syntax errors repeat', () => {
    expect(classifyConsumerError(pgError('23505', 'duplicate key'))).toBe('permanent');
    expect(classifyConsumerError(pgError('22P02', 'invalid input syntax for type uuid'))).toBe('permanent');
    expect(classifyConsumerError(pgError('42P01', 'relation does not exist'))).toBe('permanent');
  });

  it('leaves an unclassified error unknown (bounded retries, then the DLQ)', () => {
    expect(classifyConsumerError(new Error('something odd'))).toBe('unknown');
    expect(classifyConsumerError('a string')).toBe('unknown');
    expect(classifyConsumerError(undefined)).toBe('unknown');
  });
});
