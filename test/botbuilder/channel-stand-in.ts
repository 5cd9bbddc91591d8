/**
 * A Bot Framework channel stand-in, as the Emulator or Direct Line is to a bot: it POSTs the user's
 * activities to the bot's `/api/messages` (no Authorization: the bot runs anonymous) and serves the
 * Bot Framework connector's `/v3/conversations/...` routes the bot replies and sends proactively to.
 */
import express from 'express';
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Activity } from 'botbuilder';

export class ChannelStandIn {
  /** Every activity the bot sent, by conversation. */
  readonly received: Partial<Activity>[] = [];
  url = '';
  private server?: Server;

  async start(): Promise<void> {
    const app = express();
    app.use(express.json({ limit: '1mb' }));
    const take = (req: express.Request, res: express.Response) => {
      const activity = req.body as Partial<Activity>;
      if (!activity?.type || req.params.conversationId !== activity.conversation?.id) {
        res.status(400).json({ error: { code: 'BadArgument', message: 'an activity of this conversation is expected' } });
        return;
      }
      this.received.push(activity);
      res.status(200).json({ id: `sent-${randomUUID()}` });
    };
    app.post('/v3/conversations/:conversationId/activities', take);
    app.post('/v3/conversations/:conversationId/activities/:activityId', take);
    this.server = await new Promise<Server>((resolve) => {
      const server = app.listen(0, '127.0.0.1', () => resolve(server));
    });
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The user writes in `conversationId`; resolves once the bot answered the POST. */
  async userSays(botMessagesUrl: string, conversationId: string, text: string): Promise<void> {
    const activity: Partial<Activity> = {
      type: 'message',
      id: `u-${randomUUID()}`,
      channelId: 'emulator',
      serviceUrl: this.url,
      timestamp: new Date(),
      from: { id: 'ada', name: 'Ada Lovelace', role: 'user' },
      recipient: { id: 'help-desk-bot', name: 'Help desk', role: 'bot' },
      conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
      text,
      locale: 'en-US',
    };
    const post = () => fetch(botMessagesUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
    // A pooled connection to a bot process that has since restarted fails before it is sent: send again, as a channel does.
    const response = await post().catch(post);
    if (response.status >= 300) throw new Error(`the bot answered ${response.status}: ${await response.text()}`);
  }

  /** The texts of the messages the bot sent to `conversationId`, in order. */
  textsIn(conversationId: string): string[] {
    return this.received.flatMap((activity) =>
      activity.conversation?.id === conversationId && activity.type === 'message' && activity.text ? [activity.text] : [],
    );
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}
