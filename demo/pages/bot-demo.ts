/**
 * The bot demo (`/demo`): the user's side of a handoff. The page talks to the stand-in bot
 * (`demo/bot.ts`), which talks to Handoff's public API; everything shown arrives on the bot's
 * event stream, in order.
 */
import { callApi, messageOf } from '../../web/browser/api';
import { chatLog, renderLines, type ChatAttachment, type ChatLine } from '../../web/browser/chat-log';
import { composer } from '../../web/browser/composer';
import { el, fill, pageData } from '../../web/browser/dom';
import { listen } from '../../web/browser/live';

interface Profile {
  name: string;
  mode: 'url' | 'api' | 'broker';
}
interface HandoffView {
  id: string;
  status: string;
  mode: Profile['mode'];
  reason?: string;
  redirectUrl?: string;
  queue?: { name: string; position?: number };
  ticket?: { number: string };
  agent?: { name?: string };
  links: { temporalUi: string };
}
type Line =
  | { kind: 'said'; n: number; from: ChatLine['from']; text: string; at: string; name?: string; attachment?: ChatAttachment }
  | { kind: 'handoff'; n: number; handoff: HandoffView }
  | { kind: 'typing'; n: number; typing: boolean; name?: string };

const MODE_HINTS: Record<Profile['mode'], string> = {
  broker: 'broker: chat with the agent right here, through the bot',
  url: "url: a link to the desk's own chat page, your message prefilled",
  api: "api: a place in the desk's queue and a link to join the chat there",
};

const data = pageData();
const api = `${data.base}/api/conversations`;
const lines: ChatLine[] = [];
let lastLine = 0;
let handoff: HandoffView | undefined;
let conversationId = '';
let typingTimer: ReturnType<typeof setTimeout> | undefined;

const alert = el('div', { class: 'alert', role: 'alert' });
const liveState = el('span', { class: 'live' }, 'connecting...');
const log = chatLog('Your chat with the bot');
const typing = el('div', { class: 'typing', 'aria-live': 'polite' });
const say = composer('Write to the bot', send);
const requestButton = el('button', { type: 'button', class: 'secondary' }, 'Request live agent');
// A file goes to the agent through the bot, once a live chat is open (the bot's broker mode).
const fileInput = el('input', { type: 'file', class: 'visually-hidden', disabled: true, 'aria-label': 'Attach a file' });
const attachButton = el(
  'label',
  { class: 'button secondary', 'aria-disabled': 'true', title: 'Attach a file once you are chatting with an agent' },
  'Attach a file',
  fileInput,
);
const handoffPanel = el('section', { class: 'card stack', 'aria-label': 'Live agent', hidden: true });
const profileChoices = el('div', { class: 'stack' });
const nameInput = el('input', { type: 'text', value: 'Ada Lovelace', autocomplete: 'name', maxlength: 200 });
const emailInput = el('input', { type: 'email', value: 'ada@example.com', autocomplete: 'email', maxlength: 320 });
const cancelRequest = el('button', { type: 'button', class: 'secondary' }, 'Cancel');
// novalidate: the bot's API checks the fields and its answer says what is wrong.
const requestForm = el(
  'form',
  { class: 'card stack', 'aria-label': 'Request a live agent', hidden: true, novalidate: true },
  el('fieldset', {}, el('legend', {}, 'Hand me over with the profile...'), profileChoices),
  el('div', { class: 'row' }, el('label', { class: 'grow' }, 'Your name', nameInput), el('label', { class: 'grow' }, 'Your email', emailInput)),
  el('div', { class: 'row' }, el('button', { type: 'submit' }, 'Hand me over'), cancelRequest),
);

document.body.append(
  el(
    'header',
    { class: 'top' },
    el('h1', {}, 'Bot demo'),
    liveState,
    el('span', { class: 'spacer' }),
    el('nav', {}, data.deskUrl ? el('a', { href: data.deskUrl, target: '_blank', rel: 'noopener' }, 'Open the agent desk') : ''),
  ),
  el(
    'main',
    { class: 'page narrow' },
    alert,
    handoffPanel,
    el('section', { class: 'card stack', 'aria-label': 'Chat' }, log, typing, say.form, el('div', { class: 'row' }, requestButton, attachButton)),
    requestForm,
  ),
);

async function act(action: () => Promise<unknown>): Promise<boolean> {
  try {
    await action();
    alert.textContent = '';
    return true;
  } catch (error) {
    alert.textContent = messageOf(error);
    return false;
  }
}

function send(text: string): Promise<boolean> {
  return act(() => callApi('POST', `${api}/${conversationId}/messages`, { messageId: uniqueId(), text }));
}

async function sendFile(): Promise<void> {
  const file = fileInput.files?.[0];
  if (!file) return;
  const form = new FormData();
  form.append('file', file, file.name);
  fileInput.disabled = true;
  alert.textContent = '';
  try {
    await act(() => callApi('POST', `${api}/${conversationId}/attachments`, form));
  } finally {
    fileInput.value = '';
    renderHandoff();
  }
}

function uniqueId(): string {
  return globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

function isOpen(view: HandoffView | undefined): boolean {
  return view?.status === 'queued' || view?.status === 'connected';
}

function showTyping(on: boolean, name?: string): void {
  clearTimeout(typingTimer);
  typing.textContent = on ? `${name ?? 'The agent'} is typing...` : '';
  if (on) typingTimer = setTimeout(() => showTyping(false), 6_000);
}

function take(line: Line): void {
  if (line.kind === 'typing') return showTyping(line.typing, line.name);
  if (line.n <= lastLine) return;
  lastLine = line.n;
  if (line.kind === 'handoff') {
    handoff = line.handoff;
    renderHandoff();
    return;
  }
  if (line.from === 'agent') showTyping(false);
  lines.push(line);
  renderLines(log, lines, 'user', { bot: 'Bot', agent: 'Agent' });
}

function renderHandoff(): void {
  if (!handoff) return;
  const view = handoff;
  const place = view.queue?.position ? `You are number ${view.queue.position} in the queue "${view.queue.name}".` : '';
  const open = isOpen(view);
  let what: Node | string;
  if (view.status === 'redirected' && view.redirectUrl) {
    what = el(
      'p',
      {},
      "Continue on the service desk's chat page: ",
      el('a', { href: view.redirectUrl, target: '_blank', rel: 'noopener', 'data-testid': 'redirect-link' }, "Open the desk's chat page"),
    );
  } else if (view.mode === 'api' && open) {
    what = el(
      'p',
      {},
      `${place} `,
      view.redirectUrl ? el('a', { href: view.redirectUrl, target: '_blank', rel: 'noopener', 'data-testid': 'join-link' }, 'Join the chat on the desk') : '',
    );
  } else if (view.status === 'connected') {
    what = el('p', {}, `You are chatting with ${view.agent?.name ?? 'an agent'}. Everything you write goes to them.`);
  } else if (view.status === 'queued') {
    what = el('p', {}, `Waiting for an agent. ${place}`);
  } else {
    what = el('p', {}, `This request is ${view.status}${view.reason ? ` (${view.reason})` : ''}.`);
  }
  handoffPanel.hidden = false;
  fill(
    handoffPanel,
    el('h2', {}, 'Live agent ', el('span', { class: `badge ${view.status}`, 'data-testid': 'handoff-status' }, view.status)),
    what,
    el(
      'div',
      { class: 'row muted' },
      `${view.mode} mode`,
      view.ticket ? ` · ticket ${view.ticket.number}` : '',
      ' · ',
      el('a', { href: view.links.temporalUi, target: '_blank', rel: 'noopener' }, 'This handoff in the Temporal UI'),
    ),
    open ? el('div', { class: 'row' }, el('button', { type: 'button', class: 'danger', 'data-key': 'leave', onclick: leave }, 'Leave the live chat')) : '',
  );
  requestButton.disabled = open;
  const canAttach = open && view.mode === 'broker';
  fileInput.disabled = !canAttach;
  attachButton.setAttribute('aria-disabled', String(!canAttach));
  attachButton.title = canAttach ? 'Send a file to the agent' : 'Attach a file once you are chatting with an agent';
}

async function leave(): Promise<void> {
  await act(() => callApi('POST', `${api}/${conversationId}/leave`));
}

function openRequestForm(profiles: Profile[]): void {
  fill(
    profileChoices,
    ...profiles.map((profile, index) =>
      el(
        'label',
        { class: 'choice' },
        el('input', { type: 'radio', name: 'profile', value: profile.name, checked: index === 0 }),
        el('span', {}, profile.name, el('small', {}, MODE_HINTS[profile.mode])),
      ),
    ),
  );
  requestForm.hidden = false;
  profileChoices.querySelector<HTMLInputElement>('input:checked')?.focus();
}

function closeRequestForm(): void {
  requestForm.hidden = true;
  requestButton.focus();
}

async function boot(): Promise<void> {
  let profiles: Profile[] = [];
  await act(async () => {
    const conversation = await callApi<{ conversationId: string; profiles: Profile[] }>('POST', api);
    conversationId = conversation.conversationId;
    profiles = conversation.profiles;
  });
  if (!conversationId) return;
  requestButton.addEventListener('click', () => openRequestForm(profiles));
  cancelRequest.addEventListener('click', closeRequestForm);
  fileInput.addEventListener('change', () => void sendFile());
  requestForm.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') closeRequestForm();
  });
  requestForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const profile = new FormData(requestForm).get('profile');
    const done = await act(() => callApi('POST', `${api}/${conversationId}/handoff`, { profile, name: nameInput.value, email: emailInput.value }));
    if (done) {
      requestForm.hidden = true;
      say.input.focus();
    }
  });
  listen(`${api}/${conversationId}/events`, take, liveState);
  say.input.focus();
}

void boot();
