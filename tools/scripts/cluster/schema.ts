/**
 * The Temporal server's two databases on PostgreSQL, set up with the server's own SQL tool from the
 * schema the server module ships (`schema/postgresql/v12/{temporal,visibility}/versioned`): the
 * visibility one is advanced visibility (custom search attributes, SQL-like list filters). A second
 * run finds the databases and the version table and only applies versions newer than the last.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { POSTGRES_USER, type Postgres } from './postgres';

export const TEMPORAL_DATABASES = { temporal: 'temporal', visibility: 'temporal_visibility' } as const;

export interface SchemaOptions {
  sqlTool: string;
  /** The server module's folder in Go's module cache. */
  serverModule: string;
  postgres: Postgres;
  port: number;
}

export function setUpSchemas({ sqlTool, serverModule, postgres, port }: SchemaOptions): void {
  for (const [kind, database] of Object.entries(TEMPORAL_DATABASES)) {
    const tool = (...args: string[]) =>
      execFileSync(sqlTool, ['--plugin', 'postgres12', '--ep', '127.0.0.1', '-p', String(port), '-u', POSTGRES_USER, '--db', database, ...args], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    if (postgres.query('postgres', `SELECT 1 FROM pg_database WHERE datname = '${database}'`) !== '1') tool('create-database');
    if (postgres.query(database, "SELECT to_regclass('schema_version') IS NOT NULL") !== 't') tool('setup-schema', '-v', '0.0');
    tool('update-schema', '-d', path.join(serverModule, 'schema', 'postgresql', 'v12', kind, 'versioned'));
  }
}

/** The schema version each database is at, as the SQL tool recorded it. */
export function schemaVersions(postgres: Postgres): Record<string, string> {
  return Object.fromEntries(
    Object.values(TEMPORAL_DATABASES).map((database) => [database, postgres.query(database, 'SELECT curr_version FROM schema_version')]),
  );
}
