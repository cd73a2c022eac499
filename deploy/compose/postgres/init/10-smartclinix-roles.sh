#!/bin/sh
# First-start bootstrap of the application database (run by the postgres image as superuser,
# only when the data directory is empty). Mirrors what the operator does once on RDS
# (deploy/README.md, "Database bootstrap"):
#   smartclinix_owner    owns the database and schema; migrations and the audit verifier
#   smartclinix_app      NOLOGIN role that owns nothing; RLS policies apply to it (the first
#                        migration creates it too, idempotently)
#   smartclinix_service  LOGIN used by the API, worker and MLLP listener; its pool does
#                        SET ROLE smartclinix_app on every connection
set -eu

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v owner_pw="$APP_DB_OWNER_PASSWORD" -v service_pw="$APP_DB_SERVICE_PASSWORD" <<'SQL'
create role smartclinix_owner login password :'owner_pw';
create role smartclinix_app nologin;
create role smartclinix_service login password :'service_pw' noinherit;
grant smartclinix_app to smartclinix_service;
-- The first migration runs "grant smartclinix_app to current_user" as the owner.
grant smartclinix_app to smartclinix_owner with admin option;
create database smartclinix owner smartclinix_owner;
revoke all on database smartclinix from public;
grant connect on database smartclinix to smartclinix_service;
SQL

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname smartclinix <<'SQL'
alter schema public owner to smartclinix_owner;
revoke create on schema public from public;
SQL
