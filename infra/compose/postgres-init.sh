#!/usr/bin/env bash
# PostgreSQL first-start provisioning for docker-compose (mounted into
# /docker-entrypoint-initdb.d, so the official image runs it once, on an empty data directory).
#
# Mirrors provision() in infra/dev-postgres/launcher.ts: one database per service, owned by
# `<db>_owner` (runs migrations), plus `<db>_app` without BYPASSRLS that the service connects
# as, so row-level security applies to it. Each role's password comes from the environment
# (PG_<DB>_OWNER_PASSWORD / PG_<DB>_APP_PASSWORD, written to .env by scripts/compose-env.ts).
# Every statement is guarded, so running it again against a provisioned server changes nothing.
# No `set -u`: the image sources (rather than executes) a script that has lost its executable bit,
# and nounset would then leak into its own entrypoint.
set -eo pipefail

# Keep in step with SERVICES in libs/contracts/src/services.ts (dbName: dashes become underscores);
# test/compose.spec.ts fails when they differ.
DATABASES=(gateway admin_gateway intake timekeeping billing docket document)

for db in "${DATABASES[@]}"; do
  upper=${db^^}
  owner_password_var="PG_${upper}_OWNER_PASSWORD"
  app_password_var="PG_${upper}_APP_PASSWORD"
  if [[ -z "${!owner_password_var:-}" || -z "${!app_password_var:-}" ]]; then
    echo "postgres-init: ${owner_password_var} and ${app_password_var} must be set (run scripts/compose-env.ts)" >&2
    exit 1
  fi
  echo "postgres-init: provisioning database ${db}"
  psql --no-psqlrc -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" --dbname "${POSTGRES_DB:-postgres}" \
    -v db="${db}" -v owner="${db}_owner" -v app="${db}_app" \
    -v owner_password="${!owner_password_var}" -v app_password="${!app_password_var}" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', :'owner', :'owner_password')
  WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'owner') \gexec
SELECT format('CREATE ROLE %I LOGIN NOBYPASSRLS NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD %L', :'app', :'app_password')
  WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'app') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'owner')
  WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db') \gexec
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"db" TO :"app";
\connect :"db"
CREATE EXTENSION IF NOT EXISTS pg_trgm;
-- Under row-level security an index serves only LEAKPROOF operators; see infra/dev-postgres/launcher.ts.
ALTER FUNCTION similarity_op(text, text) LEAKPROOF;
CREATE EXTENSION IF NOT EXISTS unaccent;
-- Double Metaphone for conflict searches; see infra/dev-postgres/launcher.ts.
CREATE EXTENSION IF NOT EXISTS fuzzystrmatch;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO :"app";
SQL
done
