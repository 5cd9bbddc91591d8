import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { encryptingDataConverter } from '../../codec/data-converter';
import { ENCRYPTED_ENCODING, KEY_ID_METADATA } from '../../codec/encryption-codec';
import { generateEncryptionKeys, parseEncryptionKeys } from '../../codec/encryption-keys';
import { HandoffStack } from '../support/stack';
import { decodedThroughCodecServer, encodingOf, payloadsIn, personalChat, rawHistory, say } from './history-payloads';

const k1 = generateEncryptionKeys('k1');
const k2 = generateEncryptionKeys('k2');

let stack: HandoffStack;
beforeAll(async () => {
  stack = await HandoffStack.start({ encryptionKeys: k1 });
});
afterAll(async () => {
  await stack?.stop();
});

describe('rotating the encryption key', () => {
  it('keeps a handoff written with the old key going, replaying and readable; without the old key, decoding names it', async () => {
    const chat = await personalChat(stack, 'before');
    const before = [`user:${chat.userText}`, `agent:${chat.agentText}`];

    await stack.restart({ encryptionKeys: `${k2},${k1}` });
    await say(stack, chat, 'after');
    const after = [`user:${chat.userText}`, `agent:${chat.agentText}`];

    const transcript = await stack.call('GET', stack.handoffPath(chat.handoffId, '/transcript'));
    expect(transcript.body.messages.map((m: { from: string; text: string }) => `${m.from}:${m.text}`)).toEqual(expect.arrayContaining([...before, ...after]));

    const history = await rawHistory(stack, chat.handoffId);
    const encrypted = payloadsIn(history).filter((payload) => encodingOf(payload) === ENCRYPTED_ENCODING);
    const keyIds = new Set(encrypted.map((payload) => Buffer.from(payload.metadata![KEY_ID_METADATA]!).toString()));
    expect([...keyIds].sort()).toEqual(['k1', 'k2']);
    await Worker.runReplayHistory(
      {
        workflowBundle: { codePath: inject('workflowBundlePath') },
        dataConverter: encryptingDataConverter(parseEncryptionKeys(`${k2},${k1}`)),
        replayName: 'rotated',
      },
      history,
    );
    const decoded = await decodedThroughCodecServer(stack, encrypted);
    expect(decoded.status).toBe(200);
    for (const text of [...before, ...after]) expect(decoded.texts.join('\n')).toContain(text.slice(text.indexOf(':') + 1));

    await stack.restart({ encryptionKeys: k2 });
    const refused = await decodedThroughCodecServer(stack, encrypted);
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'unknown_encryption_key', details: { keyId: 'k1' } });
    expect(refused.body.error.message).toMatch(/encrypted with key "k1", which HANDOFF_ENCRYPTION_KEYS does not list \(it lists "k2"\)/);
  });
});
