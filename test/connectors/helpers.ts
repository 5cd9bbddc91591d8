import type { Payload, PayloadCodec } from '@temporalio/common';
import { expect } from 'vitest';
import { charactersOf } from '../../lib/fit-utterance';
import type { HandoffStack } from '../support/stack';

/** Everything a URL can trip over: quotes, `&`, `#`, `%`, `+`, `=`, `?`, accents, emoji (one a ZWJ sequence). */
export const TRICKY_UTTERANCE = `He said "it's broken" & then #42? 100% + 1 = 2/3 ü é 🚀 👨‍👩‍👧 <b>`;

/** 5,000 characters of the same mix, so the cut has to fall somewhere awkward. */
export const LONG_UTTERANCE = charactersOf(`ab "c" & #d 🚀 ünï 👨‍👩‍👧 `.repeat(400)).slice(0, 5_000).join('');

/** Starts a handoff over the API and returns the `Handoff` view. */
export async function startHandoff(stack: HandoffStack, profile: string, overrides: Record<string, unknown> = {}) {
  const answer = await stack.call('POST', '/v1/handoffs', stack.request({ profile, ...overrides }));
  expect(answer.status).toBe(200);
  return answer.body;
}

export function withUtterance(lastUtterance: string): Record<string, unknown> {
  return { issue: { lastUtterance, summary: 'VPN drops every few minutes', category: 'IT' } };
}

/** `carried` is a non-trivial prefix of `original` made of whole characters. */
export function expectCutOnCharacterBoundary(carried: string, original: string): void {
  expect(carried.length).toBeGreaterThan(50);
  expect(carried.length).toBeLessThan(original.length);
  const characters = charactersOf(carried);
  expect(charactersOf(original).slice(0, characters.length).join('')).toBe(carried);
}

/** The redirect URL carries spaces as `%20`, never `+` (which pages decoding with decodeURIComponent would show). */
export function expectPercentEncodedSpaces(url: string): void {
  expect(new URL(url).search).not.toContain('+');
}

/** A handoff's whole workflow history as text, payloads decrypted and decoded, to search for what must never be in it. */
export async function historyText(stack: HandoffStack, handoffId: string): Promise<string> {
  const history = await stack.client.workflow.getHandle(handoffId).fetchHistory();
  await decryptPayloadsIn(history, stack.codec);
  return JSON.stringify(history, (key, value) => (key === 'data' && typeof value === 'string' ? Buffer.from(value, 'base64').toString('utf8') : value));
}

async function decryptPayloadsIn(node: unknown, codec: PayloadCodec): Promise<void> {
  if (typeof node !== 'object' || node === null) return;
  for (const [key, value] of Object.entries(node)) {
    if (isPayload(value)) (node as Record<string, unknown>)[key] = (await codec.decode([value]))[0];
    else await decryptPayloadsIn(value, codec);
  }
}

function isPayload(value: unknown): value is Payload {
  return typeof value === 'object' && value !== null && 'metadata' in value && 'data' in value && (value as Payload).data instanceof Uint8Array;
}
