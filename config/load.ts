import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { HandoffConfigSchema, type Profile } from './schema';
import { compileRule, RuleSyntaxError, type CompiledRule } from '../dsl';

export interface LoadedProfile extends Profile {
  name: string;
  rule: CompiledRule;
}

export interface LoadedConfig {
  source: string;
  profiles: ReadonlyMap<string, LoadedProfile>;
}

/** Thrown when the configuration file is missing, malformed or invalid; lists every problem. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`invalid configuration ${source}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export function loadConfigFile(path: string): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(path, [`cannot read the file: ${(error as Error).message}`]);
  }
  return parseConfig(text, path);
}

/** Parses YAML or JSON text, validates it and compiles every trigger rule. */
export function parseConfig(text: string, source = '<inline>'): LoadedConfig {
  const document = parseDocument(text, { prettyErrors: true });
  if (document.errors.length > 0) {
    throw new ConfigError(
      source,
      document.errors.map((e) => `line ${e.linePos?.[0]?.line ?? '?'}, column ${e.linePos?.[0]?.col ?? '?'}: ${e.message.split('\n')[0]}`),
    );
  }
  const parsed = HandoffConfigSchema.safeParse(document.toJS());
  if (!parsed.success) {
    throw new ConfigError(
      source,
      parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
    );
  }
  const problems: string[] = [];
  const profiles = new Map<string, LoadedProfile>();
  for (const [name, profile] of Object.entries(parsed.data.profiles)) {
    try {
      profiles.set(name, { ...profile, name, rule: compileRule(profile.triggerRule) });
    } catch (error) {
      if (!(error instanceof RuleSyntaxError)) throw error;
      problems.push(`profiles.${name}.triggerRule: ${(error as RuleSyntaxError).message}`);
    }
  }
  if (problems.length > 0) throw new ConfigError(source, problems);
  return { source, profiles };
}
