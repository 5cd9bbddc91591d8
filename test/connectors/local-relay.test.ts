import { describe, expect, it } from 'vitest';
import { PlatformIdSchema } from '../../contracts/status';
import { createConnectors } from '../../connectors/registry';
import { PLATFORMS_RELAYED_LOCALLY } from '../../workflows/local-relay';

describe('platforms relayed from a local activity first', () => {
  const connectors = createConnectors({ localDesk: { deskUrl: 'http://127.0.0.1:1/desk', secret: 'unused' }, env: {} });

  it('are exactly those whose connector says the platform drops a repeated user message', () => {
    const dropping = PlatformIdSchema.options.filter((id) => connectors[id]?.dropsRepeatedUserMessages === true);
    expect([...PLATFORMS_RELAYED_LOCALLY].sort()).toEqual(dropping.sort());
  });

  it('all relay messages, so the workflow has something to call', () => {
    for (const id of PLATFORMS_RELAYED_LOCALLY) expect(connectors[id]?.deliver, id).toBeTypeOf('function');
  });
});
