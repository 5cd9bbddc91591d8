import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientCredentialsTokens } from '../../lib/oauth-client-credentials';
import { BeyondTrustSimulator } from '../../platforms/beyondtrust/test/simulator';

const account = { clientId: 'client-a', clientSecret: 'secret-a' };
const site = new BeyondTrustSimulator({ accounts: [account], tokenLifetimeSeconds: 3_600 });
let tokenUrl = '';

beforeAll(async () => {
  tokenUrl = `${await site.start()}/oauth2/token`;
});
afterAll(() => site.stop());

function clock() {
  let now = 1_000_000;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('OAuth client-credentials tokens', () => {
  it('reuses a token until shortly before it expires, then fetches a new one', async () => {
    const time = clock();
    const tokens = new ClientCredentialsTokens('BeyondTrust', time.now);
    const credentials = { tokenUrl, ...account };
    const first = await tokens.token(credentials);
    time.advance(3_539_000);
    expect(await tokens.token(credentials)).toBe(first);
    time.advance(2_000);
    const second = await tokens.token(credentials);
    expect(second).not.toBe(first);
    expect(site.issuedTokens.slice(-2)).toEqual([first, second]);
  });

  it('fetches a new token after one is forgotten, and shares one request between concurrent callers', async () => {
    const tokens = new ClientCredentialsTokens('BeyondTrust');
    const credentials = { tokenUrl, ...account };
    const before = site.issuedTokens.length;
    const [a, b] = await Promise.all([tokens.token(credentials), tokens.token(credentials)]);
    expect(a).toBe(b);
    tokens.forget(credentials);
    expect(await tokens.token(credentials)).not.toBe(a);
    expect(site.issuedTokens.length - before).toBe(2);
  });

  it("refuses with the platform's answer when the client is unknown, and caches no failure", async () => {
    const tokens = new ClientCredentialsTokens('BeyondTrust');
    const wrong = { tokenUrl, clientId: 'client-a', clientSecret: 'wrong' };
    for (let attempt = 0; attempt < 2; attempt++) {
      const error = await tokens.token(wrong).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApplicationFailure);
      expect((error as ApplicationFailure).message).toBe('BeyondTrust: OAuth token: HTTP 401 {"error":"invalid_client"}');
    }
    expect(await tokens.token({ tokenUrl, ...account })).toBeTruthy();
  });
});
