/**
 * The secrets `npm start` makes once and keeps in the data folder, so a restart keeps the bot's
 * token valid and the Temporal history readable. The file holds only what `npm start` generated: a
 * value from the environment is used for this run and never written, so a mistake there (an empty
 * `HANDOFF_API_TOKEN=`) is not kept for every later start.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { generateEncryptionKeys } from '../../codec/encryption-keys';
import { SettingsSchema, type SettingOrigins } from '../../config/settings';

export const GENERATED_SECRET_NAMES = [
  'HANDOFF_API_TOKEN',
  'HANDOFF_CALLBACK_SECRET',
  'LOCAL_DESK_SECRET',
  'HANDOFF_ENCRYPTION_KEYS',
  'HANDOFF_CODEC_TOKEN',
] as const;
type SecretName = (typeof GENERATED_SECRET_NAMES)[number];

const generate: Record<SecretName, () => string> = {
  HANDOFF_API_TOKEN: randomToken,
  HANDOFF_CALLBACK_SECRET: randomToken,
  LOCAL_DESK_SECRET: randomToken,
  HANDOFF_ENCRYPTION_KEYS: () => generateEncryptionKeys(),
  HANDOFF_CODEC_TOKEN: randomToken,
};

function randomToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Thrown when the secrets file exists but is not a JSON object of texts, or holds encryption keys that cannot be used. */
export class GeneratedSecretsFileError extends Error {
  override readonly name = 'GeneratedSecretsFileError';
  constructor(
    readonly file: string,
    reason: string,
    advice = 'delete the file and `npm start` generates new secrets (bots then need the new HANDOFF_API_TOKEN)',
  ) {
    super(`${file}: ${reason}; ${advice}`);
  }
}

export interface GeneratedSecrets {
  /** The secrets of this run: from the environment when set there, else from the file or new. */
  values: Record<SecretName, string>;
  /** Where each value came from, for the settings' messages. */
  origins: SettingOrigins;
  /** What a person should know: a value in the file that was unusable and has been replaced. */
  notes: string[];
  /** Writes the file when something was generated; values from the environment are never written. */
  save(): void;
}

export function generatedSecrets(file: string, env: NodeJS.ProcessEnv = process.env): GeneratedSecrets {
  const saved = readGeneratedSecrets(file);
  const values = {} as Record<SecretName, string>;
  const origins: SettingOrigins = {};
  const notes: string[] = [];
  const generated: Partial<Record<SecretName, string>> = {};
  for (const name of GENERATED_SECRET_NAMES) {
    const fromEnvironment = env[name];
    if (fromEnvironment !== undefined) {
      values[name] = fromEnvironment;
      origins[name] = 'the environment variable; unset it and `npm start` generates one';
      continue;
    }
    const kept = saved[name];
    if (kept !== undefined) {
      const check = SettingsSchema.shape[name].safeParse(kept);
      if (check.success) {
        values[name] = kept as string;
        origins[name] = file;
        continue;
      }
      // A new key would leave every payload encrypted with the old one unreadable: a person decides.
      if (name === 'HANDOFF_ENCRYPTION_KEYS') {
        const problems = check.error.issues.map((issue) => issue.message).join('; ');
        throw new GeneratedSecretsFileError(
          file,
          `HANDOFF_ENCRYPTION_KEYS is unusable (${problems})`,
          'fix it (the Temporal history needs the keys it was encrypted with); remove it only if that history may be lost',
        );
      }
      notes.push(`${file} held an unusable ${name} (${check.error.issues[0]?.message ?? 'invalid'}); generated a new one`);
    }
    values[name] = generated[name] = generate[name]();
  }
  return {
    values,
    origins,
    notes,
    save() {
      if (Object.keys(generated).length === 0) return;
      writeFileSync(file, `${JSON.stringify({ ...saved, ...generated }, null, 2)}\n`, { mode: 0o600 });
    },
  };
}

/** What the secrets file holds (nothing when there is none); GeneratedSecretsFileError when it cannot be read as a JSON object. */
export function readGeneratedSecrets(file: string): Record<string, unknown> {
  if (!existsSync(file)) return {};
  let saved: unknown;
  try {
    saved = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new GeneratedSecretsFileError(file, `not valid JSON (${(error as Error).message})`);
  }
  if (typeof saved !== 'object' || saved === null || Array.isArray(saved)) throw new GeneratedSecretsFileError(file, 'not a JSON object');
  return saved as Record<string, unknown>;
}
