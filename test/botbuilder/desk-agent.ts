import { eventually, type HandoffStack } from '../support/stack';

/** The live agent's side on the local desk, over its JSON API. */
export class DeskAgent {
  constructor(
    private readonly stack: HandoffStack,
    readonly name = 'Grace',
  ) {}

  /** The desk's chat for the handoff, accepted by this agent. */
  async accept(handoffId: string): Promise<string> {
    const chat = await eventually(() => this.stack.chatFor(handoffId) ?? fail(`no desk chat for ${handoffId} yet`));
    const accepted = await this.stack.call('POST', `/desk/api/chats/${chat.chatId}/accept`, { agentName: this.name });
    if (accepted.status < 200 || accepted.status > 299) throw new Error(`accept answered ${accepted.status}: ${JSON.stringify(accepted.body)}`);
    return chat.chatId;
  }

  async say(chatId: string, text: string): Promise<void> {
    const said = await this.stack.call('POST', `/desk/api/chats/${chatId}/messages`, { text });
    if (said.status < 200 || said.status > 299) throw new Error(`the agent's message answered ${said.status}: ${JSON.stringify(said.body)}`);
  }

  async close(chatId: string): Promise<void> {
    const closed = await this.stack.call('POST', `/desk/api/chats/${chatId}/close`);
    if (closed.status < 200 || closed.status > 299) throw new Error(`close answered ${closed.status}: ${JSON.stringify(closed.body)}`);
  }

  /** What the agent sees the user say in the chat, in order. */
  async userTexts(chatId: string): Promise<string[]> {
    const chat = await this.stack.call('GET', `/desk/api/chats/${chatId}`);
    return chat.body.messages.filter((message: { from: string }) => message.from === 'user').map((message: { text: string }) => message.text);
  }
}

function fail(message: string): never {
  throw new Error(message);
}
