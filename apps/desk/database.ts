/**
 * Opens the local desk's SQLite file: the desk process, `npm run desk` and `npm start` each open
 * it, at times at once. It holds what people told the desk, so it is readable by its owner only.
 */
import Database from 'better-sqlite3';
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';

/** The desk's file in the data folder. */
export const DESK_FILE_NAME = 'local-desk.sqlite';

/** How long a connection waits for another one's write (the API and `npm run desk` share the file). */
const BUSY_TIMEOUT_MS = 5_000;

/**
 * Creates the folder (0700) and the file (0600) when missing, narrows an older file's mode to
 * 0600, and opens it in WAL mode. SQLite gives its -wal and -shm files the database file's mode.
 */
export function openDeskDatabase(filename: string): Database.Database {
  mkdirSync(path.dirname(filename), { recursive: true, mode: 0o700 });
  closeSync(openSync(filename, 'a', 0o600));
  chmodSync(filename, 0o600);
  const db = new Database(filename);
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma('journal_mode = WAL');
  // WAL with NORMAL survives any process crash; only a power cut can lose the last commits.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  return db;
}
