import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensurePrivateFile, ensurePrivateFolder } from '../../lib/private-folder';

const dir = mkdtempSync(path.join(tmpdir(), 'handoff-private-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const modeOf = (target: string) => statSync(target).mode & 0o777;

describe('the data folder', () => {
  it('is created 0700 with its missing parents', () => {
    const folder = path.join(dir, 'new', 'data');
    expect(ensurePrivateFolder(folder)).toBeUndefined();
    expect(modeOf(folder)).toBe(0o700);
  });

  it('is tightened to 0700 when others may enter it, with a note saying so', () => {
    const folder = path.join(dir, 'open');
    mkdirSync(folder);
    chmodSync(folder, 0o755);
    expect(ensurePrivateFolder(folder)).toBe(`the folder ${folder} was readable by others (mode 0755); made it 0700`);
    expect(modeOf(folder)).toBe(0o700);
    expect(ensurePrivateFolder(folder)).toBeUndefined();
  });

  it('keeps a folder that is tighter already as it is', () => {
    const folder = path.join(dir, 'owner-only');
    mkdirSync(folder);
    chmodSync(folder, 0o500);
    expect(ensurePrivateFolder(folder)).toBeUndefined();
    expect(modeOf(folder)).toBe(0o500);
    chmodSync(folder, 0o700);
  });
});

describe('a file in it', () => {
  it('is made 0600 when others may read it, and is left alone when missing', () => {
    const file = path.join(dir, 'temporal.sqlite');
    writeFileSync(file, '');
    chmodSync(file, 0o644);
    expect(ensurePrivateFile(file)).toBe(`the file ${file} was readable by others (mode 0644); made it 0600`);
    expect(modeOf(file)).toBe(0o600);
    expect(ensurePrivateFile(path.join(dir, 'absent.sqlite'))).toBeUndefined();
  });
});
