import { describe, expect, it } from 'vitest';
import { serviceNowAgentEvents, ServiceNowCallbackSchema, waitSeconds } from '../events';

const AT = '2026-01-01T00:00:00.000Z';

function eventsOf(callback: Record<string, unknown>) {
  return serviceNowAgentEvents(ServiceNowCallbackSchema.parse({ clientSessionId: 's-1', clientVariables: { handoffId: 'handoff/sn/c-1' }, ...callback }), AT);
}

const fromAgent = (name: string, id: string, text: string, messageId: string) => ({
  uiType: 'OutputText',
  value: text,
  messageId,
  agentInfo: { sentFromAgent: true, agentName: name, agentId: id },
});

describe('ServiceNow callbacks as agent events', () => {
  it('gives each agent one join id, so a transfer to another agent is a new join and a second message is not', () => {
    const first = eventsOf({ agentChat: true, body: [fromAgent('Beth', 'a-1', 'hello', 'm-1')] });
    const second = eventsOf({ agentChat: true, body: [fromAgent('Beth', 'a-1', 'again', 'm-2')] });
    const transferred = eventsOf({ agentChat: true, body: [fromAgent('Fred', 'a-2', 'Fred here', 'm-3')] });
    expect(first.map((e) => `${e.type} ${e.eventId}`)).toEqual(['agent.joined agent-joined:a-1', 'agent.message message:m-1']);
    expect(second[0]!.eventId).toBe(first[0]!.eventId);
    expect(transferred[0]).toMatchObject({ type: 'agent.joined', agentName: 'Fred', eventId: 'agent-joined:a-2', sessionKey: 's-1', at: AT });
  });

  it('leaves out what the Virtual Agent itself says and what is not text', () => {
    const events = eventsOf({
      agentChat: true,
      body: [
        { uiType: 'OutputText', value: 'Please stand by while I connect you to a live agent.' },
        { uiType: 'Picker', label: 'Pick one', options: [] },
        { uiType: 'ActionMsg', actionType: 'StartSpinner', waitTime: 'a while' },
      ],
    });
    expect(events).toEqual([]);
  });

  it('maps typing, the wait, the end and the hand-back, the end once per session', () => {
    const events = eventsOf({
      requestId: 'r-9',
      agentChat: true,
      completed: true,
      takeControl: true,
      body: [
        { uiType: 'ActionMsg', actionType: 'StartTypingIndicator' },
        { uiType: 'ActionMsg', actionType: 'EndTypingIndicator' },
        { uiType: 'ActionMsg', actionType: 'StartSpinner', spinnerType: 'wait_time', waitTime: '2 Minutes' },
      ],
    });
    expect(events.map((e) => e.type)).toEqual(['agent.typing', 'agent.typing', 'queue.updated', 'chat.closed', 'chat.handback']);
    expect(events[2]).toMatchObject({ queue: { estimatedWaitSeconds: 120 } });
    expect(events.slice(3).map((e) => e.eventId)).toEqual(['completed:s-1', 'take-control:s-1']);
    expect(new Set(events.map((e) => e.eventId)).size).toBe(events.length);
  });

  it("reads ServiceNow's wait times", () => {
    expect(['8 Seconds', '1 Minute', '90', '1.5 hours', ' 3 min ', 'soon', ''].map((w) => waitSeconds(w))).toEqual([
      8,
      60,
      90,
      5_400,
      180,
      undefined,
      undefined,
    ]);
    expect(waitSeconds(12)).toBe(12);
  });
});

describe('ServiceNow agent files as agent events', () => {
  const agentInfo = { sentFromAgent: true, agentName: 'Beth', agentId: 'a-1' };

  it('maps an OutputImage and a File item of the agent to agent.attachment with their URLs', () => {
    const events = eventsOf({
      agentChat: true,
      body: [
        {
          uiType: 'OutputImage',
          group: 'DefaultOutputImage',
          value: 'https://acme.service-now.com/sys_attachment.do?sys_id=1',
          altText: 'error.png',
          messageId: 'm-1',
          agentInfo,
        },
        {
          uiType: 'OutputLink',
          group: 'DefaultOutputLink',
          itemType: 'File',
          label: 'vpn-guide.pdf',
          type: 'link',
          value: { action: 'https://acme.service-now.com/sys_attachment.do?sys_id=2' },
          messageId: 'm-2',
          agentInfo,
        },
      ],
    });
    expect(events.filter((e) => e.type === 'agent.attachment')).toEqual([
      {
        eventId: 'attachment:m-1',
        sessionKey: 's-1',
        at: AT,
        type: 'agent.attachment',
        source: { name: 'error.png', url: 'https://acme.service-now.com/sys_attachment.do?sys_id=1' },
        agentName: 'Beth',
      },
      {
        eventId: 'attachment:m-2',
        sessionKey: 's-1',
        at: AT,
        type: 'agent.attachment',
        source: { name: 'vpn-guide.pdf', url: 'https://acme.service-now.com/sys_attachment.do?sys_id=2' },
        agentName: 'Beth',
      },
    ]);
    expect(events[0]).toMatchObject({ type: 'agent.joined', eventId: 'agent-joined:a-1' });
  });

  it('leaves out plain links, the bot’s images and URLs that are no http(s)', () => {
    const events = eventsOf({
      agentChat: true,
      body: [
        { uiType: 'OutputLink', label: 'KB0001', value: { action: 'https://acme.service-now.com/kb?id=1' }, agentInfo },
        { uiType: 'OutputImage', value: 'https://acme.service-now.com/logo.png' },
        { uiType: 'OutputImage', value: 'javascript:alert(1)', agentInfo },
      ],
    });
    expect(events.filter((e) => e.type === 'agent.attachment')).toEqual([]);
  });

  it('names a file by its URL when the agent side gave no name', () => {
    const [, event] = eventsOf({ agentChat: true, body: [{ uiType: 'OutputImage', value: 'https://files.example/shots/screen%201.png', agentInfo }] });
    expect(event).toMatchObject({ type: 'agent.attachment', source: { name: 'screen 1.png' } });
  });
});
