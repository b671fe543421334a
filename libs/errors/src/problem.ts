import type { DomainErrorKind, FieldError } from './domain-error';

/** RFC 9457 problem details, with our extension members. */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code: string;
  errors?: FieldError[];
  errorId?: string;
  requestId?: string;
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
/** Relative type URIs (RFC 9457 §3.1.1): resolved against the API's own origin, where /problems/ documents each code. */
export const PROBLEM_TYPE_BASE = '/problems/';

export const STATUS_BY_KIND: Record<DomainErrorKind, number> = {
  validation: 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  unprocessable: 422,
  'rate-limited': 429,
  unavailable: 503,
};

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export function titleForStatus(status: number): string {
  return TITLES[status] ?? (status >= 500 ? 'Server Error' : 'Client Error');
}

export function problem(
  status: number,
  code: string,
  detail?: string,
  extra: Partial<ProblemDocument> = {},
): ProblemDocument {
  return {
    type: PROBLEM_TYPE_BASE + code.replace(/_/g, '-'),
    title: titleForStatus(status),
    status,
    ...(detail === undefined ? {} : { detail }),
    code,
    ...extra,
  };
}
