import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { HandoffConfigSchema, type Profile } from './schema';
import { schemaKeysAt } from './schema-keys';
import { schemaProblems } from './schema-problems';
import { yamlProblems } from './yaml-problems';
import { compileRule, ROUTE_RULE_ROOTS, RuleSyntaxError, type CompiledRule } from '../dsl';
import type { Route } from './routes';
import { findPlatform } from '../platforms';
import { createRedactor, type Redactor } from '../lib/redaction/redactor';

export interface LoadedProfile extends Profile {
  name: string;
  rule: CompiledRule;
  /** The profile's `redact` list, compiled. */
  redactor: Redactor;
  /** The profile's `routes`, each rule compiled. */
  compiledRoutes: CompiledRoute[];
}

export interface CompiledRoute extends Route {
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

/**
 * Parses YAML or JSON text, validates it and compiles every trigger rule. The schema's problems and
 * the rules' syntax errors are reported together; a YAML syntax error stops there, since what follows
 * it cannot be read.
 */
export function parseConfig(text: string, source = '<inline>'): LoadedConfig {
  const document = parseDocument(text);
  if (document.errors.length > 0) throw new ConfigError(source, yamlProblems(text, document.errors));
  const raw: unknown = document.toJS();
  // The input in each issue tells a missing key from a wrong one.
  const parsed = HandoffConfigSchema.safeParse(raw, { reportInput: true });
  const problems = parsed.success ? [] : schemaProblems(parsed.error.issues, (path) => configKeysAt(raw, path));
  const refusedPaths = new Set(parsed.success ? [] : parsed.error.issues.map((issue) => issue.path.join('.')));
  const rules = new Map<string, CompiledRule>();
  for (const [name, ruleText] of triggerRulesOf(parsed.success ? parsed.data : raw)) {
    const path = `profiles.${name}.triggerRule`;
    if (refusedPaths.has(path)) continue;
    try {
      rules.set(name, compileRule(ruleText));
    } catch (error) {
      if (!(error instanceof RuleSyntaxError)) throw error;
      problems.push(`${path}: ${error.message}`);
    }
  }
  const routeRules = new Map<string, CompiledRule>();
  for (const [name, index, ruleText] of routeRulesOf(parsed.success ? parsed.data : raw)) {
    const path = `profiles.${name}.routes.${index}.when`;
    if (refusedPaths.has(path)) continue;
    try {
      routeRules.set(path, compileRule(ruleText, { roots: ROUTE_RULE_ROOTS }));
    } catch (error) {
      if (!(error instanceof RuleSyntaxError)) throw error;
      problems.push(`${path}: ${error.message}`);
    }
  }
  if (!parsed.success || problems.length > 0) throw new ConfigError(source, problems);
  const profiles = new Map<string, LoadedProfile>();
  for (const [name, profile] of Object.entries(parsed.data.profiles)) {
    const compiledRoutes = profile.routes.map((route, index) => ({ ...route, rule: routeRules.get(`profiles.${name}.routes.${index}.when`)! }));
    profiles.set(name, { ...profile, name, rule: rules.get(name)!, redactor: createRedactor(profile.redact), compiledRoutes });
  }
  return { source, profiles };
}

/** The trigger rule text of each profile, read from what the file holds even when the schema refused it. */
function triggerRulesOf(config: unknown): [string, string][] {
  const profiles = isRecord(config) && isRecord(config.profiles) ? config.profiles : {};
  return Object.entries(profiles).flatMap(([name, profile]): [string, string][] => {
    const rule = isRecord(profile) ? (profile.triggerRule ?? 'true') : undefined;
    return typeof rule === 'string' ? [[name, rule]] : [];
  });
}

/** Each route's rule text, with its profile and place, read from what the file holds even when the schema refused it. */
function routeRulesOf(config: unknown): [string, number, string][] {
  const profiles = isRecord(config) && isRecord(config.profiles) ? config.profiles : {};
  return Object.entries(profiles).flatMap(([name, profile]): [string, number, string][] => {
    const routes = isRecord(profile) && Array.isArray(profile.routes) ? profile.routes : [];
    return routes.flatMap((route: unknown, index): [string, number, string][] =>
      isRecord(route) && typeof route.when === 'string' && route.when.length > 0 ? [[name, index, route.when]] : [],
    );
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The keys the profiles file takes at `path`; a profile's `platformOptions` are its platform's. */
function configKeysAt(raw: unknown, path: readonly PropertyKey[]): string[] {
  const [first, name, third, ...rest] = path;
  if (first === 'profiles' && third === 'platformOptions') {
    const profile = isRecord(raw) && isRecord(raw.profiles) ? raw.profiles[String(name)] : undefined;
    if (!isRecord(profile) || typeof profile.platform !== 'string') return [];
    const platform = findPlatform(profile.platform);
    return platform ? schemaKeysAt(platform.options, rest, profile.platformOptions) : [];
  }
  return schemaKeysAt(HandoffConfigSchema, path, raw);
}
