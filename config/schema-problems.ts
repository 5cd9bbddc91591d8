/**
 * zod's issues with the profiles file, as lines a person reads: an unknown key names the key that
 * was probably meant (from the schema's own keys), the key it left missing is not reported again,
 * and a block that is not in the shape its key takes (keys missing and unknown ones instead) is one
 * line, however many issues zod raised in it.
 */
import type { z } from 'zod';
import { closestWord } from '../dsl/edit-distance';

type Path = readonly PropertyKey[];

interface Fact {
  /** The path of the object the key is in. */
  block: Path;
  /** The key, or undefined for a problem with the whole value at `block` (the root's type, a refinement). */
  key: string | undefined;
  kind: 'unknown' | 'missing' | 'refused';
  /** Why a value was refused; the key meant, for an unknown one. */
  text?: string;
}

/**
 * One line per problem, `path: what is wrong`; `keysAt` answers the keys the schema takes at a
 * path. Issues are expected from a parse with `reportInput: true`, which tells a missing key (no
 * input) from a wrong one.
 */
export function schemaProblems(issues: readonly z.core.$ZodIssue[], keysAt: (path: Path) => string[]): string[] {
  const facts = issues.flatMap((issue) => factsOf(issue, keysAt));
  const explained = new Set(facts.filter((fact) => fact.kind === 'unknown' && fact.text).map((fact) => keyId(fact.block, fact.text!)));
  const kept = facts.filter((fact) => !(fact.kind === 'missing' && fact.key !== undefined && explained.has(keyId(fact.block, fact.key))));

  const blocks = new Map<string, Fact[]>();
  for (const fact of kept) {
    const id = pathText(fact.block);
    blocks.set(id, [...(blocks.get(id) ?? []), fact]);
  }
  return [...blocks.values()].flatMap((inBlock) => {
    const wrongShape = inBlock.some((fact) => fact.kind === 'unknown') && inBlock.some((fact) => fact.kind === 'missing');
    return wrongShape ? [blockLine(inBlock)] : inBlock.map(factLine);
  });
}

function factsOf(issue: z.core.$ZodIssue, keysAt: (path: Path) => string[]): Fact[] {
  const path = issue.path;
  if (issue.code === 'unrecognized_keys') {
    const known = keysAt(path);
    return issue.keys.map((key) => ({ block: path, key, kind: 'unknown', text: closestWord(key, known) }));
  }
  const block = path.slice(0, -1);
  const key = path.length === 0 ? undefined : String(path.at(-1));
  if (isMissing(issue) && key !== undefined) return [{ block, key, kind: 'missing' }];
  if (issue.code === 'invalid_value' && typeof issue.input === 'string') {
    const allowed = issue.values.map(String);
    const meant = closestWord(issue.input, allowed);
    return [{ block, key, kind: 'refused', text: `"${issue.input}" is not one of ${allowed.join(', ')}${meant ? `; did you mean ${meant}?` : ''}` }];
  }
  return [{ block, key, kind: 'refused', text: issue.message }];
}

/** A required key that is absent: its value was refused with no input at all. */
function isMissing(issue: z.core.$ZodIssue): boolean {
  return issue.code !== 'custom' && 'input' in issue && issue.input === undefined;
}

/** `profiles.p.fileTickets: unknown key; did you mean fileTicket?`, `profiles.p.mode: missing`. */
function factLine(fact: Fact): string {
  const where = fact.key === undefined ? pathText(fact.block) || 'the file' : pathText([...fact.block, fact.key]);
  if (fact.kind === 'unknown') return `${where}: unknown key${fact.text ? `; did you mean ${fact.text}?` : ''}`;
  if (fact.kind === 'missing') return `${where}: missing`;
  return `${where}: ${fact.text}`;
}

/** `profiles.p.ticketing: missing instanceUrl and auth; unknown keys url, user and password`. */
function blockLine(facts: Fact[]): string {
  const missing = facts.filter((fact) => fact.kind === 'missing').map((fact) => fact.key!);
  const unknown = facts.filter((fact) => fact.kind === 'unknown').map((fact) => (fact.text ? `${fact.key} (did you mean ${fact.text}?)` : fact.key!));
  const refused = facts.filter((fact) => fact.kind === 'refused').map((fact) => (fact.key === undefined ? fact.text! : `${fact.key}: ${fact.text}`));
  const parts = [`missing ${listOf(missing)}`, `unknown key${unknown.length > 1 ? 's' : ''} ${listOf(unknown)}`, ...refused];
  return `${pathText(facts[0]!.block) || 'the file'}: ${parts.join('; ')}`;
}

function pathText(path: Path): string {
  return path.map(String).join('.');
}

function keyId(block: Path, key: string): string {
  return JSON.stringify([...block.map(String), key]);
}

function listOf(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
