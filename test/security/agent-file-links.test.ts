/**
 * Links that cannot wander: a file URL a webhook names is fetched only when it lies where its
 * platform keeps files, compared by parsed origin and path segments rather than by prefix, so no
 * `..`, encoded separator, backslash, other port or user name takes the worker elsewhere (the API's
 * `/metrics` or `/openapi.json`, say). The local desk's connector is checked over real HTTP.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionContext } from '../../platforms/connector';
import { localDeskConnector } from '../../platforms/local-desk/connector';
import { isWithinFolder } from '../../platforms/shared/file-location';

const FOLDER = 'http://127.0.0.1:4000/desk/files/';

/** What a webhook could name instead of a desk file, each aiming outside the folder. */
const WANDERING = [
  'http://127.0.0.1:4000/desk/files/../../metrics',
  'http://127.0.0.1:4000/desk/files/%2e%2e/%2E%2E/openapi.json',
  'http://127.0.0.1:4000/desk/files/.%2e/.%2e/metrics',
  'http://127.0.0.1:4000/desk/files/..%2F..%2Fmetrics',
  'http://127.0.0.1:4000/desk/files/..%2f..%2fmetrics',
  'http://127.0.0.1:4000/desk/files/..\\..\\metrics',
  'http://127.0.0.1:4000/desk/files/..%5C..%5Cmetrics',
  'http://127.0.0.1:4000/desk/files/%252e%252e/%252e%252e/metrics',
  'http://127.0.0.1:4000/desk/files/%252F..%252Fmetrics',
  'http://127.0.0.1:4001/desk/files/abc',
  'https://127.0.0.1:4000/desk/files/abc',
  'http://localhost:4000/desk/files/abc',
  'http://desk@evil.example/desk/files/abc',
  'http://127.0.0.1:4000@evil.example/desk/files/abc',
  'http://agent:secret@127.0.0.1:4000/desk/files/abc',
  'http://127.0.0.1:4000/desk/filesystem/abc',
  'http://127.0.0.1:4000/desk/files/',
  'http://127.0.0.1:4000/desk/files',
  'http://127.0.0.1:4000/desk/files//abc',
  'file:///etc/passwd',
  'not a url',
];

describe('a file URL is within its folder', () => {
  it.each(WANDERING)('not %s', (url) => {
    expect(isWithinFolder(url, FOLDER)).toBe(false);
  });

  it.each([
    `http://127.0.0.1:4000/desk/files/${'a'.repeat(64)}?name=report%20(1).pdf&type=application%2Fpdf&exp=1&token=t0k-en_`,
    'http://127.0.0.1:4000/desk/files/abc#part',
    'HTTP://127.0.0.1:4000/desk/files/abc',
    'http://127.0.0.1:4000/desk/files/sub/abc',
  ])('when it is %s', (url) => {
    expect(isWithinFolder(url, FOLDER)).toBe(true);
  });

  it('on the whole host when the folder is an origin, as a ServiceNow instance is', () => {
    expect(isWithinFolder('https://acme.service-now.com/sys_attachment.do?sys_id=1', 'https://acme.service-now.com')).toBe(true);
    expect(isWithinFolder('https://acme.service-now.com:443/api/now/attachment/1/file', 'https://acme.service-now.com/')).toBe(true);
    expect(isWithinFolder('https://acme.service-now.com.evil.example/x', 'https://acme.service-now.com')).toBe(false);
    expect(isWithinFolder('https://user@acme.service-now.com/x', 'https://acme.service-now.com')).toBe(false);
  });
});

describe("the local desk's connector", () => {
  let server: Server;
  let baseUrl = '';
  const asked: string[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      asked.push(req.url ?? '');
      res.end(req.url === '/metrics' ? 'handoff_started_total 7' : 'a desk file');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("fetches nothing outside the desk's files, whatever the webhook says; a desk file it fetches", async () => {
    const broker = localDeskConnector({ deskUrl: `${baseUrl}/desk`, secret: 'desk-secret' }).broker;
    const context = {} as SessionContext<never>;
    for (const url of WANDERING.map((wandering) => wandering.replaceAll('http://127.0.0.1:4000', baseUrl))) {
      await expect(broker.fetchAgentAttachment!(context, { name: 'metrics.txt', url }), url).rejects.toMatchObject({
        type: 'PlatformRejected',
        nonRetryable: true,
      });
    }
    expect(asked).toEqual([]);
    const file = await broker.fetchAgentAttachment!(context, { name: 'guide.txt', url: `${baseUrl}/desk/files/abc?token=t` });
    expect(file.name).toBe('guide.txt');
    expect(asked).toEqual(['/desk/files/abc?token=t']);
  });
});
