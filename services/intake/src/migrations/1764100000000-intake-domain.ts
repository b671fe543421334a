import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appRoleFromEnv, grantSql, tenantTableSql } from '@lawfirm/database';

/**
 * The intake domain: alternate names, contacts and relationships of clients; other people and
 * companies (adverse parties, witnesses, related entities); matter parties and fee arrangements;
 * the conflict index, immutable conflict checks and their sign-offs; leads; outsourcing consents.
 */
export class IntakeDomain1764100000000 implements MigrationInterface {
  name = 'IntakeDomain1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const appRole = appRoleFromEnv();
    const tenant = (table: string, privileges = 'SELECT, INSERT, UPDATE'): string[] => [
      ...tenantTableSql(table),
      grantSql(table, appRole, privileges),
    ];
    const statements = [
      `ALTER TABLE matters
         ADD COLUMN jurisdiction text, ADD COLUMN court text,
         ADD COLUMN responsible_attorney_id text, ADD COLUMN originating_attorney_id text,
         ADD COLUMN closed_at TIMESTAMP WITH TIME ZONE, ADD COLUMN closure_reason text,
         ADD COLUMN updated_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()`,

      `CREATE TABLE client_names (
         id uuid PRIMARY KEY, firm_id uuid NOT NULL, client_id uuid NOT NULL, name text NOT NULL,
         name_type text NOT NULL CHECK (name_type IN ('aka', 'former', 'trade')),
         created_at timestamptz NOT NULL DEFAULT now(),
         FOREIGN KEY (firm_id, client_id) REFERENCES clients (firm_id, id))`,
      `CREATE INDEX client_names_client ON client_names (firm_id, client_id)`,
      ...tenant('client_names', 'SELECT, INSERT, DELETE'),

      `CREATE TABLE client_contacts (
         id uuid PRIMARY KEY, firm_id uuid NOT NULL, client_id uuid NOT NULL, name text NOT NULL,
         email text, phone text, role text, created_at timestamptz NOT NULL DEFAULT now(),
         FOREIGN KEY (firm_id, client_id) REFERENCES clients (firm_id, id))`,
      `CREATE INDEX client_contacts_client ON client_contacts (firm_id, client_id)`,
      ...tenant('client_contacts', 'SELECT, INSERT, UPDATE, DELETE'),

      `CREATE TABLE entities (
         id uuid PRIMARY KEY, firm_id uuid NOT NULL, kind text NOT NULL CHECK (kind IN ('person', 'company')),
         name text NOT NULL, email text, created_at timestamptz NOT NULL DEFAULT now(),
         UNIQUE (firm_id, id))`,
      ...tenant('entities'),

      `CREATE TABLE entity_names (
         id uuid PRIMARY KEY, firm_id uuid NOT NULL, entity_id uuid NOT NULL, name text NOT NULL,
         name_type text NOT NULL CHECK (name_type IN ('aka', 'former', 'trade')),
         created_at timestamptz NOT NULL DEFAULT now(),
         FOREIGN KEY (firm_id, entity_id) REFERENCES entities (firm_id, id))`,
      ...tenant('entity_names', 'SELECT, INSERT, DELETE'),

      `CREATE TABLE relationships (
         id uuid PRIMARY KEY, firm_id uuid NOT NULL,
         from_type text NOT NULL CHECK (from_type IN ('client', 'entity')), from_id uuid NOT NULL,
         kind text NOT NULL CHECK (kind IN ('parent', 'subsidiary', 'affiliate', 'spouse', 'household', 'officer', 'employee')),
         to_type text NOT NULL CHECK (to_type IN ('client', 'entity')), to_id uuid NOT NULL,
         created_at timestamptz NOT NULL DEFAULT now(),
         UNIQUE (firm_id, from_type, from_id, kind, to_type, to_id))`,
      `CREATE INDEX relationships_from ON relationships (firm_id, from_id)`,
      `CREATE INDEX relationships_to ON relationships (firm_id, to_id)`,
      ...tenant('relationships', 'SELECT, INSERT, DELETE'),

      `CREATE TABLE matter_parties (
         id uuid PRIMARY KEY, firm_id uuid NOT NULL, matter_id uuid NOT NULL,
         role text NOT NULL CHECK (role IN ('client', 'adverse-party', 'opposing-counsel', 'co-party', 'witness', 'related-party')),
         party_type text NOT NULL CHECK (party_type IN ('client', 'entity')), party_id uuid NOT NULL,
         created_at timestamptz NOT NULL DEFAULT now(),
         FOREIGN KEY (firm_id, matter_id) REFERENCES matters (firm_id, id),
         UNIQUE (firm_id, matter_id, role, party_type, party_id))`,
      `CREATE INDEX matter_parties_party ON matter_parties (firm_id, party_id)`,
      ...tenant('matter_parties', 'SELECT, INSERT, DELETE'),

      `CREATE TABLE fee_arrangements (
         firm_id uuid NOT NULL, matter_id uuid NOT NULL,
         type text NOT NULL CHECK (type IN ('hourly', 'flat', 'contingency', 'hybrid')),
         terms jsonb NOT NULL, updated_at timestamptz NOT NULL DEFAULT now(),
         PRIMARY KEY (firm_id, matter_id),
         FOREIGN KEY (firm_id, matter_id) REFERENCES matters (firm_id, id))`,
      ...tenant('fee_arrangements'),

      `CREATE TABLE conflict_index (
         id uuid PRIMARY KEY, firm_id uuid NOT NULL,
         ref_type text NOT NULL CHECK (ref_type IN ('client', 'entity', 'lead')), ref_id uuid NOT NULL,
         display_name text NOT NULL, name_type text NOT NULL, kind text, normalized text NOT NULL, match_key text NOT NULL,
         created_at timestamptz NOT NULL DEFAULT now())`,
      `CREATE INDEX conflict_index_key ON conflict_index (firm_id, match_key)`,
      `CREATE INDEX conflict_index_trgm ON conflict_index USING gin (match_key gin_trgm_ops)`,
      `CREATE INDEX conflict_index_ref ON conflict_index (firm_id, ref_id)`,
      ...tenant('conflict_index', 'SELECT, INSERT, DELETE'),

      // A check is evidence: once written it never changes (no UPDATE or DELETE for the app).
      `CREATE TABLE conflict_checks (
         id uuid PRIMARY KEY, firm_id uuid NOT NULL, matter_id uuid, purpose text NOT NULL,
         query jsonb NOT NULL, hits jsonb NOT NULL, hit_count int NOT NULL,
         outcome text NOT NULL CHECK (outcome IN ('no-hits', 'hits')),
         run_by text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`,
      `CREATE INDEX conflict_checks_matter ON conflict_checks (firm_id, matter_id, created_at)`,
      ...tenant('conflict_checks', 'SELECT, INSERT'),
      `CREATE TABLE conflict_signoffs (
         id uuid PRIMARY KEY, firm_id uuid NOT NULL, check_id uuid NOT NULL UNIQUE REFERENCES conflict_checks (id),
         decision text NOT NULL CHECK (decision IN ('cleared', 'waived', 'declined', 'auto-cleared')),
         waiver_reference text, reason text, signed_by text NOT NULL, signed_at timestamptz NOT NULL DEFAULT now())`,
      ...tenant('conflict_signoffs', 'SELECT, INSERT'),

      `CREATE TABLE lead_stages (
         firm_id uuid NOT NULL, key text NOT NULL, label text NOT NULL, position int NOT NULL,
         outcome text CHECK (outcome IN ('hired', 'not-hired')),
         PRIMARY KEY (firm_id, key))`,
      ...tenant('lead_stages', 'SELECT, INSERT, UPDATE, DELETE'),
      `CREATE TABLE lead_routing_rules (
         id uuid PRIMARY KEY, firm_id uuid NOT NULL, practice_area text NOT NULL,
         responsible_attorney_id text NOT NULL, created_at timestamptz NOT NULL DEFAULT now(),
         UNIQUE (firm_id, practice_area))`,
      ...tenant('lead_routing_rules', 'SELECT, INSERT, UPDATE, DELETE'),
      `CREATE TABLE leads (
         id uuid PRIMARY KEY, firm_id uuid NOT NULL, kind text NOT NULL CHECK (kind IN ('person', 'company')),
         name text NOT NULL, email text, phone text, source text, practice_area text, description text,
         stage text NOT NULL, follow_up_due date, responsible_attorney_id text,
         client_id uuid, matter_id uuid, not_hired_reason text,
         created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(),
         UNIQUE (firm_id, id))`,
      `CREATE INDEX leads_firm_stage ON leads (firm_id, stage, created_at)`,
      ...tenant('leads'),

      `CREATE TABLE consents (
         id uuid PRIMARY KEY, firm_id uuid NOT NULL, client_id uuid NOT NULL,
         scopes text[] NOT NULL, vendor_ids uuid[], given_on date NOT NULL, method text NOT NULL, document_ref text,
         granted_by text NOT NULL, created_at timestamptz NOT NULL DEFAULT now(),
         revoked_at timestamptz, revoked_by text, revocation_reason text,
         FOREIGN KEY (firm_id, client_id) REFERENCES clients (firm_id, id))`,
      `CREATE INDEX consents_client ON consents (firm_id, client_id, created_at)`,
      ...tenant('consents'),
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }

  async down(): Promise<void> {
    throw new Error('Not reversible; restore from backup instead.');
  }
}
