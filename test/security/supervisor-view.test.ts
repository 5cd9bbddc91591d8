import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESK_SECRET, startDeskServer, type DeskServer } from './desk-server';

const SUPERVISOR = { name: 'Sam', password: 'a supervisor password' };

let server: DeskServer;
let agentCookie: string;
let supervisorCookie: string;
beforeAll(async () => {
  server = await startDeskServer();
  await server.desk.saveAgent(SUPERVISOR.name, SUPERVISOR.password, 'supervisor');
  agentCookie = await server.signIn();
  supervisorCookie = await server.signIn(SUPERVISOR);
});
afterAll(async () => {
  await server?.close();
});

describe("the supervisor view's summary", () => {
  it('answers 401 without a session, in the API error shape', async () => {
    const answer = await server.fetch('/desk/api/supervisor/summary');
    expect(answer.status).toBe(401);
    expect(await answer.json()).toEqual({ error: { code: 'unauthorized', message: expect.stringContaining('sign in') } });
  });

  it('answers 403 to an agent without the supervisor role, saying why', async () => {
    const answer = await server.fetch('/desk/api/supervisor/summary', { cookie: agentCookie });
    expect(answer.status).toBe(403);
    expect(await answer.json()).toEqual({
      error: {
        code: 'supervisor_role_required',
        message: 'the supervisor view is for supervisors; Grace is an agent (npm run desk -- add-agent <name> --supervisor)',
      },
    });
  });

  it("gives a supervisor the queue and today's numbers, and nothing of what users said", async () => {
    const { chatId } = await server.newChat();
    const answer = await server.fetch('/desk/api/supervisor/summary', { cookie: supervisorCookie });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const summary = await answer.json();
    expect(summary).toMatchObject({ queue: { length: 1 }, today: { arrived: 1, byOutcome: { waiting: 1 } } });
    const text = JSON.stringify(summary);
    for (const personal of ['Ada', 'VPN', chatId]) expect(text).not.toContain(personal);
  });
});

describe('how chats end, as the summary counts them', () => {
  it("keeps the agent's close, the user leaving and Handoff's reason for ending a chat", async () => {
    const before = (await (await server.fetch('/desk/api/supervisor/summary', { cookie: supervisorCookie })).json()).today.byOutcome;
    const closed = await server.newChat();
    expect((await server.fetch(`/desk/api/chats/${closed.chatId}/accept`, { method: 'POST', cookie: agentCookie, json: {} })).status).toBe(200);
    expect((await server.fetch(`/desk/api/chats/${closed.chatId}/close`, { method: 'POST', cookie: agentCookie, json: {} })).status).toBe(200);
    const left = await server.newChat();
    const visitor = (await server.fetch(new URL(left.joinUrl).pathname + new URL(left.joinUrl).search)).headers.getSetCookie()[0]!.split(';')[0]!;
    expect((await server.fetch(`/desk/api/visitor/chats/${left.chatId}/leave`, { method: 'POST', cookie: visitor, json: {} })).status).toBe(200);
    const unanswered = await server.newChat();
    const end = await server.fetch(`/desk/api/integration/chats/${unanswered.chatId}/end`, {
      method: 'POST',
      headers: { 'x-desk-secret': DESK_SECRET },
      json: { reason: 'no agent accepted in time' },
    });
    expect(end.status).toBe(200);

    const after = (await (await server.fetch('/desk/api/supervisor/summary', { cookie: supervisorCookie })).json()).today.byOutcome;
    expect(after.closedByAgent - before.closedByAgent).toBe(1);
    expect(after.userLeft - before.userLeft).toBe(1);
    expect(after.notAcceptedInTime - before.notAcceptedInTime).toBe(1);
    expect(after.other).toBe(0);
  });
});

describe('the supervisor page', () => {
  it('is served to a supervisor, and to a visitor without a session (who gets the sign-in form)', async () => {
    for (const cookie of [supervisorCookie, undefined]) {
      const page = await server.fetch('/desk/supervisor', { ...(cookie && { cookie }) });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<script type="module" src="/desk/assets/supervisor.js"></script>');
    }
  });

  it('answers 403 to an agent without the role', async () => {
    const page = await server.fetch('/desk/supervisor', { cookie: agentCookie });
    expect(page.status).toBe(403);
    expect(page.headers.get('content-type')).toContain('text/html');
  });

  it('bundles chart.js into its own script: nothing is loaded from elsewhere', async () => {
    const script = await server.fetch('/desk/assets/supervisor.js');
    expect(script.status).toBe(200);
    const code = await script.text();
    expect(code).toContain('Chart.js');
    expect(code).not.toMatch(/^\s*import\s/m);
    expect(code).not.toMatch(/https?:\/\/(?!www\.w3\.org)[\w.-]+\/[\w./-]*\.js/);
  }, 30_000);
});
