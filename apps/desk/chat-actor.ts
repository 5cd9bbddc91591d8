/**
 * Who may act on a chat (write, type, send files, transfer, close): the agent who holds it, and
 * supervisors, on any chat. A waiting chat is held by nobody: any agent may accept it, only a
 * supervisor transfers or closes it. A supervisor acting on a chat that is not theirs is named as
 * one in what the chat records.
 */
import type { Agent } from './agents';
import { ChatHeldByAnotherError } from './errors';
import type { ChatRow } from './store';

/** The signed-in agent acting on a chat, and how they may. */
export interface ChatActor {
  name: string;
  /** `holder`: the chat is theirs; `supervisor`: a supervisor acting on a chat that is not. */
  as: 'holder' | 'supervisor';
}

/** The agent as the actor on `chat`, or ChatHeldByAnotherError when it is not theirs to act on. */
export function actorOn(chat: ChatRow, agent: Agent): ChatActor {
  if (chat.status === 'active' && chat.agentName === agent.name) return { name: agent.name, as: 'holder' };
  if (agent.role === 'supervisor') return { name: agent.name, as: 'supervisor' };
  throw new ChatHeldByAnotherError(chat.status === 'active' ? chat.agentName : undefined);
}

/** How the chat's notices name the actor: "Sue (supervisor)" on a chat not hers. */
export function actorLabel(actor: ChatActor): string {
  return actor.as === 'supervisor' ? `${actor.name} (supervisor)` : actor.name;
}
