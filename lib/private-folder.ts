/**
 * The data folder holds the SQLite files (the desk's chats, Temporal's history) and the generated
 * secrets: only the user who runs Handoff may enter it. A folder left by an earlier run with wider
 * permissions is tightened, and the caller says so.
 */
import { chmodSync, mkdirSync, statSync } from 'node:fs';

export const PRIVATE_FOLDER_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Creates `folder` (and its parents) as 0700, or tightens an existing one; a note when it tightened it. */
export function ensurePrivateFolder(folder: string): string | undefined {
  mkdirSync(folder, { recursive: true, mode: PRIVATE_FOLDER_MODE });
  return tighten(folder, PRIVATE_FOLDER_MODE, 'folder');
}

/** Makes an existing file 0600 when it is wider; a note when it did. Nothing when the file is not there. */
export function ensurePrivateFile(file: string): string | undefined {
  try {
    return tighten(file, PRIVATE_FILE_MODE, 'file');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function tighten(target: string, mode: number, what: string): string | undefined {
  const current = statSync(target).mode & 0o777;
  if ((current & ~mode) === 0) return undefined;
  chmodSync(target, mode);
  return `the ${what} ${target} was readable by others (mode ${current.toString(8).padStart(4, '0')}); made it ${mode.toString(8).padStart(4, '0')}`;
}
