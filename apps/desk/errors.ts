import { ApiError } from '../../lib/api-errors';

/** Thrown when a state-changing desk call comes from a page of another origin than the desk's. */
export class ForeignOriginError extends ApiError {
  override readonly name = 'ForeignOriginError';
  constructor(origin: string) {
    super(403, 'foreign_origin', `requests from ${origin.slice(0, 200)} may not change the desk; use the desk's own pages`);
  }
}

/** Thrown when a signed-in agent asks to act under another agent's name. */
export class AgentNameMismatchError extends ApiError {
  override readonly name = 'AgentNameMismatchError';
  constructor(signedIn: string) {
    super(403, 'agent_name_mismatch', `you are signed in as ${signedIn}; the desk acts under the signed-in agent's name (leave agentName out)`);
  }
}

/**
 * Thrown when a signed-in agent writes, types, sends a file, transfers or closes a chat another
 * agent holds, or transfers or closes a waiting chat, without the `supervisor` role.
 */
export class ChatHeldByAnotherError extends ApiError {
  override readonly name = 'ChatHeldByAnotherError';
  constructor(holder: string | undefined) {
    super(
      403,
      'chat_held_by_another',
      holder === undefined
        ? 'the chat waits in a queue: accept it to act on it (only a supervisor transfers or closes a waiting chat)'
        : `${holder} holds this chat: only ${holder} or a supervisor can write, type, send files, transfer or close it`,
    );
  }
}

/** Thrown when the desk's chat page names a handoff or a ticket without the grant its redirect carried for them. */
export class ChatPageGrantError extends ApiError {
  override readonly name = 'ChatPageGrantError';
  constructor() {
    super(
      403,
      'chat_page_grant_invalid',
      'a chat names a handoff or a ticket only as the link the bot gave you carries them; open that link again, or start a chat without them',
    );
  }
}

/** Thrown when a join link cannot open its chat: already used, expired, or not the chat's. */
export class JoinLinkRefusedError extends ApiError {
  override readonly name = 'JoinLinkRefusedError';
  constructor(readonly why: 'used' | 'expired' | 'invalid') {
    super(
      why === 'invalid' ? 401 : 410,
      `join_link_${why}`,
      why === 'used'
        ? 'this join link was already used: it opens the chat once, in the browser that opened it first. Ask for a new link where you got this one'
        : why === 'expired'
          ? 'this join link has expired; ask for a new link where you got this one'
          : 'this join link is not valid for the chat; open the link you were given again',
    );
  }
}

/** Thrown when a signed-in agent without the `supervisor` role asks for the supervisor view. */
export class SupervisorRoleRequiredError extends ApiError {
  override readonly name = 'SupervisorRoleRequiredError';
  constructor(agentName: string) {
    super(403, 'supervisor_role_required', `the supervisor view is for supervisors; ${agentName} is an agent (npm run desk -- add-agent <name> --supervisor)`);
  }
}
