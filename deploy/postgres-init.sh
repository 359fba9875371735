#!/bin/sh
# Runs once, when the PostgreSQL volume is first made: the bots' own role, which owns the
# database but is no superuser and cannot bypass row-level security (so the councils' wall
# holds for it), and the database it owns. BOTS_PASSWORD comes from db.env.
set -eu
psql -v ON_ERROR_STOP=1 -v password="$BOTS_PASSWORD" --username "$POSTGRES_USER" <<'SQL'
CREATE ROLE bots LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD :'password';
CREATE DATABASE hys OWNER bots;
SQL
