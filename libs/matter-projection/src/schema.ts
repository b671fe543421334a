import { grantSql, tenantTableSql } from '@lawfirm/database';

export function matterProjectionSql(appRole: string): string[] {
  return [
    `CREATE TABLE matter_projection (
       firm_id uuid NOT NULL,
       matter_id uuid NOT NULL,
       client_id uuid NOT NULL,
       number text NOT NULL,
       title text NOT NULL,
       practice_area text,
       status text NOT NULL,
       changed_at timestamptz NOT NULL,
       PRIMARY KEY (firm_id, matter_id)
     )`,
    ...tenantTableSql('matter_projection'),
    grantSql('matter_projection', appRole, 'SELECT, INSERT, UPDATE'),
  ];
}
