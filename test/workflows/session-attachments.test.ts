import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../contracts/agent-event';
import type { AttachmentRef } from '../../contracts/attachment';
import { at, beginSession, closingNoteOf, type FirstRun } from './session-fixture';

const TIMEOUTS = { agentAccept: 60_000, inactivity: 120_000, maxDuration: 3_600_000 };

function input(withCallback = true): FirstRun {
  return {
    handoffId: 'handoff/default/c1',
    profile: { name: 'default', mode: 'broker', platform: 'local-desk', fileTicket: true, timeouts: TIMEOUTS },
    request: {
      conversationId: 'c1',
      profile: 'default',
      user: { id: 'u1' },
      issue: { lastUtterance: 'help' },
      transcript: [],
      resultsPresented: [],
      ...(withCallback && { callbackUrl: 'https://bot.example.com/events' }),
    },
  };
}

function connectedSession({ withCallback = true } = {}) {
  const session = beginSession(input(withCallback), 'chain-1', 1_000);
  session.markQueued({ key: 'chat-1', data: {} }, { name: 'General' }, undefined, 1_000);
  session.applyAgentEvent(agentEvent({ type: 'agent.joined', agentName: 'Ann' }, 1_500), 1_500);
  return session;
}

let counter = 0;
function agentEvent(body: Record<string, unknown>, ms: number): AgentEvent {
  return { eventId: `e${++counter}`, sessionKey: 'chat-1', at: at(ms), ...body } as AgentEvent;
}

function ref(name: string, fill: string): AttachmentRef {
  const sha256 = fill.repeat(64);
  return { attachmentId: sha256, sha256, name, contentType: 'image/png', size: 1_234 };
}

describe('files in the handoff session', () => {
  it('takes a user file once per messageId, in the transcript and the platform lane, by reference only', () => {
    const session = connectedSession();
    const file = ref('screen.png', 'a');
    const seq = session.acceptUserAttachment(`attachment:${file.sha256}`, file, 2_000, at(2_000));
    expect(session.acceptUserAttachment(`attachment:${file.sha256}`, file, 2_100, at(2_100))).toBe(seq);
    expect(session.state.toPlatform).toEqual([{ seq, kind: 'attachment', messageId: `attachment:${file.sha256}`, attachment: file, at: at(2_000) }]);
    const entries = session.transcriptAfter(0).filter((e) => e.from === 'user');
    expect(entries).toEqual([{ id: `user:attachment:${file.sha256}`, seq, from: 'user', text: 'screen.png', at: at(2_000), attachment: file }]);
  });

  it('shares the message dedupe: a file and messages get distinct seqs, a repeated upload after messages keeps its first seq', () => {
    const session = connectedSession();
    const file = ref('a.pdf', 'b');
    const first = session.acceptUserAttachment('attachment:x', file, 2_000, at(2_000));
    const message = session.acceptUserMessage('m1', 'hello', 2_100, at(2_100));
    expect(message).toBeGreaterThan(first);
    expect(session.acceptUserAttachment('attachment:x', file, 2_200, at(2_200))).toBe(first);
    expect(session.state.toPlatform.map((i) => i.kind)).toEqual(['attachment', 'message']);
  });

  it('holds an agent file in its place until it is fetched, then tells the bot in order, without a URL in the state', () => {
    const session = connectedSession();
    const botBefore = session.state.toBot.length;
    session.applyAgentEvent(agentEvent({ type: 'agent.attachment', source: { name: 'guide.pdf', url: 'https://desk.example/f/1' } }, 3_000), 3_000);
    session.applyAgentEvent(agentEvent({ type: 'agent.message', text: 'see the guide' }, 3_100), 3_100);
    const pending = session.pendingAgentAttachment!;
    expect(pending).toMatchObject({ source: { name: 'guide.pdf' }, agentName: 'Ann', at: at(3_000) });
    const message = session.state.toBot.at(-1)!;
    expect(message.seq).toBeGreaterThan(pending.seq);

    const file = { ...ref('guide.pdf', 'c'), contentType: 'application/pdf' };
    session.agentAttachmentImported(file, 4_000);
    expect(session.pendingAgentAttachment).toBeUndefined();
    const events = session.state.toBot.slice(botBefore);
    expect(events.map((e) => e.type)).toEqual(['agent.attachment', 'agent.message']);
    expect(events[0]).toMatchObject({ seq: pending.seq, attachment: file, agentName: 'Ann', at: at(3_000) });
    expect(events[0]!.url).toBeUndefined();
    const transcript = session.transcriptAfter(0).filter((e) => e.from === 'agent');
    expect(transcript.map((e) => e.text)).toEqual(['guide.pdf', 'see the guide']);
    expect(transcript[0]!.attachment).toEqual(file);
  });

  it('notes a file that could not be fetched in the transcript and lets the bot events go on', () => {
    const session = connectedSession();
    session.applyAgentEvent(agentEvent({ type: 'agent.attachment', source: { name: 'x.pdf', url: 'https://desk.example/f/2' } }, 3_000), 3_000);
    session.agentAttachmentFailed('HTTP 404', 3_500);
    expect(session.pendingAgentAttachment).toBeUndefined();
    expect(session.transcriptAfter(0).at(-1)).toMatchObject({ from: 'system', text: expect.stringContaining('"x.pdf" could not be fetched: HTTP 404') });
  });

  it('keeps file names, sizes and hashes in the ticket note, never the bytes', () => {
    const session = connectedSession({ withCallback: false });
    const file = ref('screen.png', 'd');
    session.acceptUserAttachment('attachment:d', file, 2_000, at(2_000));
    session.applyAgentEvent(agentEvent({ type: 'chat.closed' }, 5_000), 5_000);
    expect(closingNoteOf(session)).toContain(`user: screen.png [file, image/png, 1234 bytes, sha256 ${file.sha256}]`);
  });
});
