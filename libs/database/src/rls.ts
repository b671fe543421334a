/**
 * SQL for a tenant table: RLS enabled AND forced (so even the owner is filtered), one
 * policy keyed on the transaction's app.firm_id, and optional named scopes that may see
 * every firm's rows (for example the outbox relay). With no firm set, nothing is visible.
 */
export function tenantTableSql(
  table: string,
  opts: { scopes?: string[]; readScopes?: string[] } = {},
): string[] {
  const firmMatch = `firm_id = NULLIF(current_setting('app.firm_id', true), '')::uuid`;
  const scopeMatch = (scope: string): string => `current_setting('app.scope', true) = '${scope}'`;
  const condition = [firmMatch, ...(opts.scopes ?? []).map(scopeMatch)].join(' OR ');
  const policyBase = table.replace(/\W/g, '_');
  return [
    `ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`,
    `ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`,
    `CREATE POLICY ${policyBase}_tenant ON ${table} USING (${condition}) WITH CHECK (${condition})`,
    ...(opts.readScopes ?? []).map(
      (scope) =>
        `CREATE POLICY ${policyBase}_${scope.replace(/\W/g, '_')}_read ON ${table} FOR SELECT USING (${scopeMatch(scope)})`,
    ),
  ];
}

/** Grants the service's app role what it needs on a table, and nothing more. */
export function grantSql(
  table: string,
  appRole: string,
  privileges = 'SELECT, INSERT, UPDATE, DELETE',
): string {
  return `GRANT ${privileges} ON ${table} TO ${quoteIdent(appRole)}`;
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
