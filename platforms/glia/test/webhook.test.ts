import { describe, expect, it } from 'vitest';
import type { WebhookContext, WebhookDelivery } from '../../webhook';
import { GliaOptionsSchema, type GliaOptions } from '../options';
import { gliaWebhook } from '../webhook';
import { gliaWebhookSecret } from '../webhook-registration';

const options = GliaOptionsSchema.parse({ apiKeyId: '${K}', apiKeySecret: '${S}', siteId: 's', queueId: 'q', webhook: { secret: '${GLIA_WEBHOOK_SECRET}' } });
const handoff = 'handoff/glia/conv-1';
const session = 'chain-1';

function contextOf(logged: Array<[string, object]>): WebhookContext<GliaOptions> {
  const profile = { name: 'glia', options };
  return {
    profiles: [profile],
    profileOf: (id) => (id.startsWith('handoff/glia/') ? profile : undefined),
    log: (message, context) => logged.push([message, context]),
  };
}

function delivery(query: Record<string, unknown>, headers: Record<string, string> = {}): WebhookDelivery {
  const body = { event_type: 'engagement.start', engagement: { id: 'e-1' } };
  return { rawBody: Buffer.from(JSON.stringify(body)), body, header: (name) => headers[name.toLowerCase()], query };
}

describe('Glia webhook adapter', () => {
  it('checks the secret header of the handoff and session the URL names before reading the body', async () => {
    const adapter = gliaWebhook({ GLIA_WEBHOOK_SECRET: 'w' });
    const context = contextOf([]);
    const header = { 'x-handoff-webhook-secret': gliaWebhookSecret('w', handoff, session) };
    await expect(adapter.verify(delivery({}), context)).rejects.toThrow('this webhook URL names no Glia handoff');
    await expect(adapter.verify(delivery({ handoff: 'handoff/other/c', session }, header), context)).rejects.toThrow('this webhook URL names no Glia handoff');
    await expect(adapter.verify(delivery({ handoff, session: 'chain-2' }, header), context)).rejects.toThrow('a valid Glia webhook secret is required');
    const verified = await adapter.verify(delivery({ handoff, session }, header), context);
    expect(verified).toEqual({ handoff, session });
    const reading = await adapter.parse(delivery({ handoff, session }, header), { handoff, session }, context);
    expect(reading).toMatchObject({ handoffId: handoff, events: [{ type: 'agent.joined', sessionKey: session, eventId: 'engagement.start:e-1' }] });
  });

  it("refuses with 401 and logs it when the profile's webhook secret is not set", async () => {
    const logged: Array<[string, object]> = [];
    const refusal = gliaWebhook({}).verify(delivery({ handoff, session }, { 'x-handoff-webhook-secret': 'x' }), contextOf(logged));
    await expect(refusal).rejects.toMatchObject({ status: 401, message: 'the webhook secret cannot be checked' });
    expect(logged).toEqual([["glia webhook: the profile's webhook secret is not set", { profile: 'glia', variable: 'GLIA_WEBHOOK_SECRET' }]]);
  });
});
