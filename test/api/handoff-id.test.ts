import { describe, expect, it } from 'vitest';
import { handoffIdOf, partsOfHandoffId } from '../../contracts/handoff-id';

describe('the handoff id', () => {
  it('names its profile and conversation, slashes in the conversation included', () => {
    const id = handoffIdOf('default', 'teams/c-1');
    expect(id).toBe('handoff/default/teams/c-1');
    expect(partsOfHandoffId(id)).toEqual({ profile: 'default', conversationId: 'teams/c-1' });
  });

  it('is not read from what no handoff has as its id', () => {
    for (const id of ['', 'handoff/default', 'handoff//c-1', 'handoff/default/', 'end-chat/handoff/default/c-1'])
      expect(partsOfHandoffId(id), id).toBeUndefined();
  });
});
