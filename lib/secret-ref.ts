import { z } from 'zod';
import { FailureType } from './failure-types';

const SECRET_REF = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/;

/**
 * A secret in configuration is only ever a `${ENV_NAME}` reference: the value is read from the
 * environment inside an activity, so it never enters workflow inputs or history.
 */
export const SecretRefSchema = z.string().regex(SECRET_REF, 'must be an environment reference like ${SERVICENOW_PASSWORD}, never the secret itself');
export type SecretRef = z.infer<typeof SecretRefSchema>;

/** Thrown when a `${ENV_NAME}` reference names a variable that is not set. */
export class MissingSecretError extends Error {
  override readonly name = FailureType.MissingSecret;
  constructor(readonly variable: string) {
    super(`environment variable ${variable} is not set`);
  }
}

export function resolveSecret(ref: SecretRef, env: NodeJS.ProcessEnv = process.env): string {
  const variable = SECRET_REF.exec(ref)?.[1];
  if (!variable) throw new MissingSecretError(ref);
  const value = env[variable];
  if (value === undefined || value === '') throw new MissingSecretError(variable);
  return value;
}
