/**
 * The callbackUrl policy: which addresses are internal, what the API refuses from the URL alone,
 * and what the worker refuses after resolving the host (with a fake resolver), connecting to the
 * address it checked.
 */
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBotCallbackActivities } from '../../activities/bot-callback';
import type { ActivityDeps } from '../../activities/deps';
import type { BotEvent } from '../../contracts/bot-event';
import { CallbackUrlPolicy, CallbackUrlRefusedError, parseAllowedHost, type Resolver } from '../../lib/callback-url-policy';
import { FailureType } from '../../lib/failure-types';
import { internalAddressKind, internalHostKind } from '../../lib/internal-address';
import { generateEncryptionKeys } from '../../codec/encryption-keys';
import { parseConfig } from '../../config/load';
import { loadSettings } from '../../config/settings';
import { LOCAL_CALLBACK_HOSTS, systemSettingsFrom } from '../../system/compose';
import { DEFAULT_TEST_CONFIG } from '../support/stack';

/** A resolver that knows only the names it is given, and counts its lookups. */
function fakeResolver(names: Record<string, string[]>): Resolver & { lookups: string[] } {
  const lookups: string[] = [];
  const resolve = async (hostname: string) => {
    lookups.push(hostname);
    const addresses = names[hostname];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return Object.assign(resolve, { lookups });
}

describe('internal addresses', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['10.20.30.40', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['fd12:3456::1', 'unique-local'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['100.64.0.1', 'shared (carrier-grade NAT)'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:8.8.8.8', 'IPv4-mapped or translated IPv6'],
    ['64:ff9b::a00:1', 'IPv4-mapped or translated IPv6'],
    ['224.0.0.251', 'multicast'],
    ['255.255.255.255', 'reserved'],
  ])('%s is %s', (address, kind) => {
    expect(internalAddressKind(address)).toBe(kind);
  });

  // Every entry of the IANA IPv4 and IPv6 Special-Purpose Address Registries, by an address inside it.
  it.each([
    ['192.0.0.9', 'IETF protocol assignment'],
    ['192.0.0.170', 'IETF protocol assignment'],
    ['192.0.2.10', 'documentation'],
    ['198.51.100.7', 'documentation'],
    ['203.0.113.250', 'documentation'],
    ['192.31.196.1', 'AS112 service'],
    ['192.175.48.6', 'AS112 service'],
    ['192.52.193.1', 'AMT relay'],
    ['192.88.99.1', 'deprecated 6to4 relay anycast'],
    ['198.18.0.1', 'benchmarking'],
    ['198.19.255.254', 'benchmarking'],
    ['240.0.0.1', 'reserved'],
    ['::ffff:203.0.113.9', 'documentation'],
    ['100::1', 'discard-only'],
    ['100:0:0:1::1', 'discard-only'],
    ['2001::1', 'IETF protocol assignment'],
    ['2001:1::1', 'IETF protocol assignment'],
    ['2001:2::1', 'IETF protocol assignment'],
    ['2001:20::1', 'IETF protocol assignment'],
    ['2001:db8::1', 'documentation'],
    ['3fff::1', 'documentation'],
    ['2620:4f:8000::1', 'AS112 service'],
    ['5f00::1', 'segment routing (SRv6)'],
    ['4000::1', 'reserved'],
    ['8000::1', 'reserved'],
  ])('%s is %s', (address, kind) => {
    expect(internalAddressKind(address)).toBe(kind);
  });

  it.each(['8.8.8.8', '1.1.1.1', '172.15.255.255', '172.32.0.0', '2606:4700:4700::1111', '93.184.216.34', '192.0.1.255', '203.0.114.1', '2001:200::1'])(
    '%s is public',
    (address) => {
      expect(internalAddressKind(address)).toBeUndefined();
    },
  );

  it('names localhost and its subdomains loopback without a lookup, and leaves other names to resolution', () => {
    expect(internalHostKind('localhost')).toBe('loopback');
    expect(internalHostKind('LocalHost.')).toBe('loopback');
    expect(internalHostKind('bot.localhost')).toBe('loopback');
    expect(internalHostKind('[::1]')).toBe('loopback');
    expect(internalHostKind('bot.example.com')).toBeUndefined();
  });
});

describe('the allow-list', () => {
  it('reads host, host:port and IPv6 entries as a URL writes them', () => {
    expect(parseAllowedHost('Bot.Example.com')).toEqual({ hostname: 'bot.example.com' });
    expect(parseAllowedHost('127.0.0.1:8080')).toEqual({ hostname: '127.0.0.1', port: '8080' });
    expect(parseAllowedHost('[::1]:99')).toEqual({ hostname: '[::1]', port: '99' });
    expect(parseAllowedHost('::1')).toEqual({ hostname: '[::1]' });
    expect(parseAllowedHost('http://bot.example.com')).toBeUndefined();
    expect(parseAllowedHost('bot.example.com:99999')).toBeUndefined();
    expect(() => new CallbackUrlPolicy(['bot/path'])).toThrow(TypeError);
  });
});

describe('the callbackUrl policy at the API', () => {
  const strict = new CallbackUrlPolicy([]);

  it.each([
    ['https://127.0.0.1/cb', 'callback_url_internal'],
    ['https://10.1.2.3/cb', 'callback_url_internal'],
    ['https://169.254.169.254/latest/meta-data/', 'callback_url_internal'],
    ['https://[::1]:8443/cb', 'callback_url_internal'],
    ['https://[::ffff:7f00:1]/cb', 'callback_url_internal'],
    ['https://0.0.0.0/cb', 'callback_url_internal'],
    ['https://2130706433/cb', 'callback_url_internal'],
    ['https://localhost/cb', 'callback_url_internal'],
    ['http://example.com/cb', 'callback_url_not_https'],
    ['http://127.0.0.1:9000/cb', 'callback_url_not_https'],
  ])('refuses %s by default (%s)', (url, code) => {
    const refusal = strict.refusalOf(url);
    expect(refusal).toBeInstanceOf(CallbackUrlRefusedError);
    expect(refusal).toMatchObject({ status: 400, code });
  });

  it('says what kind of address it refused, in words', () => {
    expect(strict.refusalOf('https://10.1.2.3/cb')?.message).toMatch(/^callbackUrl host 10\.1\.2\.3 is a private address; /);
    expect(strict.refusalOf('https://0.0.0.0/cb')?.message).toMatch(/^callbackUrl host 0\.0\.0\.0 is an unspecified address; /);
  });

  it('takes an https URL that names a public host', () => {
    expect(strict.refusalOf('https://bot.example.com/handoff/events')).toBeUndefined();
    expect(strict.refusalOf('https://93.184.216.34/cb')).toBeUndefined();
  });

  it('refuses the documentation ranges, and takes one named on the allow-list', () => {
    for (const host of ['192.0.2.10', '198.51.100.7', '203.0.113.9', '[2001:db8::1]']) {
      expect(strict.refusalOf(`https://${host}/cb`), host).toMatchObject({
        code: 'callback_url_internal',
        message: expect.stringContaining('a documentation address'),
      });
    }
    expect(new CallbackUrlPolicy(['203.0.113.9']).refusalOf('http://203.0.113.9:8080/cb')).toBeUndefined();
  });

  it('takes http and internal addresses for a host on the allow-list, on its port only when one is given', () => {
    const policy = new CallbackUrlPolicy(['127.0.0.1', 'bot.internal:8080']);
    expect(policy.refusalOf('http://127.0.0.1:4000/bot/events')).toBeUndefined();
    expect(policy.refusalOf('http://bot.internal:8080/cb')).toBeUndefined();
    expect(policy.refusalOf('http://bot.internal:8081/cb')).toMatchObject({ code: 'callback_url_not_https' });
    expect(policy.refusalOf('http://10.0.0.1/cb')).toMatchObject({ code: 'callback_url_not_https' });
    expect(policy.refusalOf('https://10.0.0.1/cb')).toMatchObject({ code: 'callback_url_internal' });
  });
});

describe('the callbackUrl policy at delivery', () => {
  it('refuses a name that resolves to an internal address, even when only one of its addresses is', async () => {
    const resolver = fakeResolver({ 'bot.example.com': ['93.184.216.34', '10.0.0.7'], 'metadata.example.com': ['169.254.169.254'] });
    const policy = new CallbackUrlPolicy([], resolver);
    await expect(policy.destinationOf('https://bot.example.com/cb')).rejects.toMatchObject({
      name: 'CallbackUrlRefusedError',
      code: 'callback_url_internal',
      message: expect.stringContaining('resolves to 10.0.0.7, a private address'),
    });
    await expect(policy.destinationOf('https://metadata.example.com/cb')).rejects.toMatchObject({ code: 'callback_url_internal' });
    const documentation = new CallbackUrlPolicy([], fakeResolver({ 'bot.example.com': ['203.0.113.9'] }));
    await expect(documentation.destinationOf('https://bot.example.com/cb')).rejects.toMatchObject({
      code: 'callback_url_internal',
      message: expect.stringContaining('resolves to 203.0.113.9, a documentation address'),
    });
  });

  it('answers the checked address of a public name, and does not look up an IP literal', async () => {
    const resolver = fakeResolver({ 'bot.example.com': ['93.184.216.34'] });
    const policy = new CallbackUrlPolicy([], resolver);
    await expect(policy.destinationOf('https://bot.example.com/cb')).resolves.toMatchObject({ address: '93.184.216.34', family: 4 });
    await expect(policy.destinationOf('https://93.184.216.35/cb')).resolves.toMatchObject({ address: '93.184.216.35' });
    expect(resolver.lookups).toEqual(['bot.example.com']);
  });

  it('leaves a name that does not resolve to a retry (a plain Error, not a refusal)', async () => {
    const policy = new CallbackUrlPolicy([], fakeResolver({}));
    const failure = await policy.destinationOf('https://gone.example.com/cb').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toBeInstanceOf(CallbackUrlRefusedError);
    expect((failure as Error).message).toContain('does not resolve (ENOTFOUND)');
  });
});

describe('deliverToBot', () => {
  let server: Server;
  let port: number;
  const received: Array<{ headers: IncomingHttpHeaders; body: string }> = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  function activities(policy: CallbackUrlPolicy) {
    const deps = { callbackSecret: 'callback-secret-0123456789', callbackPolicy: policy } as ActivityDeps;
    return createBotCallbackActivities(deps);
  }

  function event(): BotEvent {
    return {
      eventId: randomUUID(),
      handoffId: 'default:conv-1',
      seq: 1,
      type: 'agent.message',
      at: new Date().toISOString(),
      text: 'hello',
    } as unknown as BotEvent;
  }

  it('fails for good, without a request, when the host resolves to an internal address', async () => {
    const policy = new CallbackUrlPolicy([], fakeResolver({ 'rebind.example.com': ['127.0.0.1'] }));
    const before = received.length;
    const failure = await new MockActivityEnvironment()
      .run(activities(policy).deliverToBot, { callbackUrl: `https://rebind.example.com:${port}/bot/events`, events: [event()] })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: FailureType.CallbackRefused, nonRetryable: true, message: expect.stringContaining('a loopback address') });
    expect(received.length).toBe(before);
  });

  it('connects to the address it checked: a name only the policy resolves still reaches it, with its own Host header', async () => {
    const resolver = fakeResolver({ 'bot.test.invalid': ['127.0.0.1'] });
    const policy = new CallbackUrlPolicy([`bot.test.invalid:${port}`], resolver);
    const sent = event();
    await new MockActivityEnvironment().run(activities(policy).deliverToBot, { callbackUrl: `http://bot.test.invalid:${port}/bot/events`, events: [sent] });
    const delivery = received.at(-1)!;
    expect(delivery.headers.host).toBe(`bot.test.invalid:${port}`);
    expect(JSON.parse(delivery.body)).toEqual(sent);
    expect(delivery.headers['x-handoff-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(resolver.lookups).toEqual(['bot.test.invalid']);
  });

  it('refuses plain http to a host that is not allowed', async () => {
    const failure = await new MockActivityEnvironment()
      .run(activities(new CallbackUrlPolicy([])).deliverToBot, { callbackUrl: 'http://bot.example.com/cb', events: [event()] })
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({ type: FailureType.CallbackRefused, nonRetryable: true });
  });
});

describe('the hosts each system allows', () => {
  const env = {
    HANDOFF_API_TOKEN: 'token-0123456789abcdef',
    HANDOFF_CALLBACK_SECRET: 'callback-0123456789abcdef',
    LOCAL_DESK_SECRET: 'desk-secret-0123456789abcdef',
    HANDOFF_ENCRYPTION_KEYS: generateEncryptionKeys(),
    PORT: '3000',
  };
  const config = parseConfig(DEFAULT_TEST_CONFIG, 'test config');
  const hostsOf = (more: Record<string, string>) => systemSettingsFrom(loadSettings({ ...env, ...more }), config, () => undefined).callbackHosts;

  it("add the public URL's own host, and only it, for the demo bot's callbacks when the demo is on", () => {
    const hosts = hostsOf({ HANDOFF_DEMO: 'on' });
    expect(hosts).toEqual(['localhost:3000']);
    const policy = new CallbackUrlPolicy(hosts);
    expect(policy.refusalOf('http://localhost:3000/demo/api/callbacks/c-1')).toBeUndefined();
    expect(policy.refusalOf('http://localhost:3001/demo/api/callbacks/c-1')).toMatchObject({ code: 'callback_url_not_https' });
  });

  it('are those of HANDOFF_CALLBACK_HOSTS alone with the demo off, and none by default', () => {
    expect(hostsOf({ HANDOFF_CALLBACK_HOSTS: 'bot.internal, 10.0.0.5:8080' })).toEqual(['bot.internal', '10.0.0.5:8080']);
    expect(hostsOf({})).toEqual([]);
    expect(LOCAL_CALLBACK_HOSTS).toEqual(['127.0.0.1']);
  });
});
