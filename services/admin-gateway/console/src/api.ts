/** The admin gateway's API, called from the same origin with the operator's bearer token. */
const TOKEN_KEY = 'lawfirm-ops-token';

export interface FieldError {
  field: string;
  message: string;
}

/** An RFC 9457 problem the API answered, or a network failure dressed as one. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
  }

  describe(): string {
    const fields = this.errors.map((error) => `${error.field}: ${error.message}`).join('; ');
    return `${this.message}${fields ? ` (${fields})` : ''} [${this.status} ${this.code}]`;
  }
}

export const session = {
  token(): string | null {
    return sessionStorage.getItem(TOKEN_KEY);
  },
  signIn(token: string): void {
    sessionStorage.setItem(TOKEN_KEY, token);
  },
  signOut(): void {
    sessionStorage.removeItem(TOKEN_KEY);
  },
};

interface CallOptions {
  method?: 'GET' | 'POST';
  body?: unknown;
  form?: Record<string, string>;
  reason?: string;
}

export async function call<T>(path: string, options: CallOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = session.token();
  if (token) headers.authorization = `Bearer ${token}`;
  if (options.reason) headers['x-access-reason'] = options.reason;
  let body: string | undefined;
  if (options.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(options.form).toString();
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  let response: Response;
  try {
    response = await fetch(path, { method: options.method ?? 'GET', headers, body, credentials: 'omit' });
  } catch (error) {
    throw new ApiProblem(0, 'network_error', `The admin gateway did not answer: ${String(error)}`);
  }
  const text = await response.text();
  const parsed: unknown = text ? safeJson(text) : undefined;
  if (!response.ok) {
    const problem = (parsed ?? {}) as {
      code?: string;
      detail?: string;
      title?: string;
      errors?: FieldError[];
    };
    if (response.status === 401 && token) session.signOut();
    throw new ApiProblem(
      response.status,
      problem.code ?? 'http_error',
      problem.detail ?? problem.title ?? `HTTP ${response.status}`,
      Array.isArray(problem.errors) ? problem.errors : [],
    );
  }
  return parsed as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The operations document lists the routes this admin gateway has (screens appear as their API lands). */
export async function adminPaths(): Promise<Set<string>> {
  const document = await call<{ paths?: Record<string, Record<string, unknown>> }>('/openapi.json');
  const routes = new Set<string>();
  for (const [path, operations] of Object.entries(document.paths ?? {})) {
    for (const method of Object.keys(operations)) routes.add(`${method.toUpperCase()} ${path}`);
  }
  return routes;
}
