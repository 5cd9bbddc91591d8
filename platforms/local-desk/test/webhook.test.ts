import { describe, expect, it } from 'vitest';
import { localDeskWebhook, toAgentEvent } from '../webhook';
import { signedDeskHeaders } from '../delivery-signature';

const SECRET = 'desk-secret-0123456789';
const COMMON = { eventId: 'desk-7', chatId: 'chat-1', handoffId: 'handoff/default/c1', at: new Date(0).toISOString() };

function delivery(body: object) {
  const rawBody = JSON.stringify(body);
  const headers = signedDeskHeaders(SECRET, rawBody);
  return { body, rawBody: Buffer.from(rawBody), header: (name: string) => headers[name] };
}

describe('local desk webhook: agent files', () => {
  const attachment = { name: 'guide.pdf', contentType: 'application/pdf', size: 1234, url: 'http://127.0.0.1:3000/desk/files/abc?token=t' };

  it('turns an agent.attachment into an agent event whose source is the desk link', () => {
    expect(toAgentEvent({ ...COMMON, type: 'agent.attachment', agentName: 'Ann', attachment })).toEqual({
      eventId: 'desk-7',
      sessionKey: 'chat-1',
      at: COMMON.at,
      type: 'agent.attachment',
      agentName: 'Ann',
      source: attachment,
    });
  });

  it('refuses an agent.attachment without its file, or with a file without a link', () => {
    const adapter = localDeskWebhook(SECRET);
    const parse = (body: object) => () => adapter.parse(delivery(body) as never, {} as never, {} as never);
    expect(parse({ ...COMMON, type: 'agent.attachment' })).toThrow(expect.objectContaining({ status: 400 }));
    expect(parse({ ...COMMON, type: 'agent.attachment', attachment: { name: 'x.pdf' } })).toThrow(expect.objectContaining({ status: 400 }));
    expect(parse({ ...COMMON, type: 'agent.attachment', attachment })).not.toThrow();
  });
});

describe('local desk webhook: transfers', () => {
  it('turns an agent.transferred into an agent event naming where the chat went and who sent it', () => {
    expect(toAgentEvent({ ...COMMON, type: 'agent.transferred', to: 'Billing', agentName: 'Ann' })).toEqual({
      eventId: 'desk-7',
      sessionKey: 'chat-1',
      at: COMMON.at,
      type: 'agent.transferred',
      to: 'Billing',
      agentName: 'Ann',
    });
  });

  it('refuses an agent.transferred that does not say where to', () => {
    const adapter = localDeskWebhook(SECRET);
    const parse = (body: object) => () => adapter.parse(delivery(body) as never, {} as never, {} as never);
    expect(parse({ ...COMMON, type: 'agent.transferred', agentName: 'Ann' })).toThrow(expect.objectContaining({ status: 400 }));
    expect(parse({ ...COMMON, type: 'agent.transferred', to: 'Bob' })).not.toThrow();
  });
});
