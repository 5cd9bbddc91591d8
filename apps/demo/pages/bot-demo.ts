/**
 * The bot demo (`/demo`): the user's side of a handoff. The page talks to the stand-in bot
 * (`apps/demo/bot.ts`), which talks to Handoff's public API; everything shown arrives on the bot's
 * event stream, in order.
 */
import { callApi, messageOf } from '../../web/browser/api';
import { chatLog, renderLines, type ChatAttachment, type ChatLine } from '../../web/browser/chat-log';
import { composer } from '../../web/browser/composer';
import { el, fill, inBackground, pageData } from '../../web/browser/dom';
import { listen } from '../../web/browser/live';
import type { Decision } from '../../../contracts/availability';
import { chatPageName, deskName, endingWords, localTime, notOfferedWhy, statusWords } from '../user-words';

interface Profile {
  name: string;
  mode: 'url' | 'api' | 'broker';
  /** The platform's name as its users know it (Five9); absent for the service desk's own. */
  platformName?: string;
}
interface HandoffView {
  id: string;
  profile: string;
  status: string;
  mode: Profile['mode'];
  reason?: string;
  redirectUrl?: string;
  queue?: { name: string; position?: number; estimatedWaitSeconds?: number };
  ticket?: { number: string };
  agent?: { name?: string };
  decision?: Pick<Decision, 'offered' | 'reason' | 'availability'>;
  fallback?: {
    action: 'wait-for-opening' | 'callback' | 'ticket';
    reason: string;
    nextOpenAt?: string;
    ticket?: { number: string };
    callback?: { when?: string; requestedAt: string };
    callbackUntil?: string;
  };
  survey?: { rating: number; comment?: string };
  surveyUntil?: string;
  links: { temporalUi: string };
}
/** Whether a live agent would be offered now, per profile, as the bot asked Handoff. */
interface ProfileEligibility {
  profile: string;
  eligible?: boolean;
  explanation?: string;
  error?: string;
}
type Line =
  | { kind: 'said'; n: number; from: ChatLine['from']; text: string; at: string; name?: string; attachment?: ChatAttachment }
  | { kind: 'handoff'; n: number; handoff: HandoffView }
  | { kind: 'typing'; n: number; typing: boolean; name?: string };

/** What choosing the profile gives, in the words of its platform. */
function modeHint({ mode, platformName }: Profile): string {
  switch (mode) {
    case 'broker':
      return 'broker: chat with the agent right here, through the bot';
    case 'url':
      return `url: a link to ${chatPageName(platformName)}, your message prefilled`;
    case 'api':
      return `api: a place in the queue of ${deskName(platformName)} and a link to join the chat there`;
  }
}

/** How often the agent hears that the user is typing, and after how long a pause they hear it stopped. */
const TYPING_EVERY_MS = 3_000;
const TYPING_PAUSE_MS = 4_000;
const BOT = 'Write to the bot';

const data = pageData();
const api = `${data.base}/api/conversations`;
/** The user's time zone: times are said in it. */
const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
let profiles: Profile[] = [];
const lines: ChatLine[] = [];
let lastLine = 0;
let handoff: HandoffView | undefined;
let conversationId = '';
let typingTimer: ReturnType<typeof setTimeout> | undefined;
/** When the agent was last told the user is typing (0: not typing); the pause that tells them it stopped. */
let typingSaidAt = 0;
let typingPause: ReturnType<typeof setTimeout> | undefined;
/** Re-renders the panel when the survey or callback window closes. */
let windowTimer: ReturnType<typeof setTimeout> | undefined;
/** The survey and callback forms of the current handoff, kept across renders so what the user typed stays. */
const forms = new Map<string, Node>();

const alert = el('div', { class: 'alert', role: 'alert' });
const liveState = el('span', { class: 'live' }, 'connecting...');
const log = chatLog('Your chat with the bot');
const typing = el('div', { class: 'typing', 'aria-live': 'polite' });
const say = composer(BOT, send, announceTyping);
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

async function send(text: string): Promise<boolean> {
  const sent = await act(() => callApi('POST', `${api}/${conversationId}/messages`, { messageId: uniqueId(), text }));
  if (sent) stopTyping();
  return sent;
}

/** While the bot brokers a live chat, the agent sees that the user is typing: at most every few seconds, and that it stopped after a pause. */
function announceTyping(): void {
  if (!(isLive(handoff) && handoff?.mode === 'broker')) return;
  clearTimeout(typingPause);
  if (say.input.value.trim() === '') return stopTyping();
  typingPause = setTimeout(stopTyping, TYPING_PAUSE_MS);
  if (Date.now() - typingSaidAt < TYPING_EVERY_MS) return;
  typingSaidAt = Date.now();
  sayTyping(true);
}

function stopTyping(): void {
  clearTimeout(typingPause);
  if (typingSaidAt === 0) return;
  typingSaidAt = 0;
  sayTyping(false);
}

function sayTyping(typing: boolean): void {
  callApi('POST', `${api}/${conversationId}/typing`, { typing }).catch(() => undefined);
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
  return view?.status === 'queued' || view?.status === 'connected' || view?.status === 'waiting';
}

function isLive(view: HandoffView | undefined): boolean {
  return view?.status === 'queued' || view?.status === 'connected';
}

function waitText(seconds: number): string {
  if (seconds < 60) return 'under a minute';
  const minutes = Math.round(seconds / 60);
  return minutes === 1 ? 'about 1 minute' : `about ${minutes} minutes`;
}

function placeText(view: HandoffView): string {
  const queue = view.queue;
  if (!queue) return '';
  const place = queue.position ? `You are number ${queue.position} in the queue "${queue.name}".` : '';
  const wait = queue.estimatedWaitSeconds !== undefined ? ` The wait is ${waitText(queue.estimatedWaitSeconds)}.` : '';
  return `${place}${wait}`.trim();
}

function isFuture(iso: string | undefined): boolean {
  return iso !== undefined && Date.parse(iso) > Date.now();
}

/** The rating form, while the handoff's survey window is open and the user has not rated yet. */
function surveyForm(view: HandoffView): Node {
  return keptForm(`survey:${view.id}`, () => newSurveyForm(view));
}

function keptForm(key: string, make: () => Node): Node {
  const kept = forms.get(key) ?? make();
  forms.set(key, kept);
  return kept;
}

function newSurveyForm(view: HandoffView): Node {
  const comment = el('textarea', { name: 'comment', rows: 2, maxlength: 2000 });
  const stars = el(
    'div',
    { class: 'row' },
    ...[1, 2, 3, 4, 5].map((rating) =>
      el(
        'label',
        { class: 'choice', title: `${rating} of 5` },
        el('input', { type: 'radio', name: 'rating', value: rating, 'aria-label': `${rating} star${rating > 1 ? 's' : ''}`, 'data-key': `star-${rating}` }),
        el('span', { 'aria-hidden': 'true' }, `${'★'.repeat(rating)}${'☆'.repeat(5 - rating)}`),
      ),
    ),
  );
  const form = el(
    'form',
    { class: 'stack', 'aria-label': 'Rate the chat', novalidate: true },
    el('fieldset', {}, el('legend', {}, `How was your chat with ${view.agent?.name ?? 'the agent'}?`), stars),
    el('label', {}, 'A comment (optional)', comment),
    el('div', { class: 'row' }, el('button', { type: 'submit', 'data-key': 'rate' }, 'Send rating')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const rating = new FormData(form).get('rating');
    if (!rating) {
      alert.textContent = 'Pick from 1 to 5 stars first.';
      return;
    }
    void act(() => callApi('POST', `${api}/${conversationId}/survey`, { rating: Number(rating), comment: comment.value }));
  });
  return form;
}

/** Where and when to call the user back, while the handoff's fallback is a callback. */
function callbackForm(view: HandoffView): Node {
  return keptForm(`callback:${view.id}`, newCallbackForm);
}

function newCallbackForm(): Node {
  const phone = el('input', { type: 'tel', name: 'phone', autocomplete: 'tel', maxlength: 40, 'data-key': 'phone' });
  const when = el('input', { type: 'text', name: 'when', maxlength: 200, placeholder: 'e.g. tomorrow after 9', 'data-key': 'when' });
  const form = el(
    'form',
    { class: 'stack', 'aria-label': 'Ask for a callback', novalidate: true },
    el('div', { class: 'row' }, el('label', { class: 'grow' }, 'Your phone number', phone), el('label', { class: 'grow' }, 'When suits you (optional)', when)),
    el('div', { class: 'row' }, el('button', { type: 'submit', 'data-key': 'call-me' }, 'Call me back')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void act(() => callApi('POST', `${api}/${conversationId}/callback`, { phone: phone.value, when: when.value }));
  });
  return form;
}

/** What happens instead of a live agent, and the user's next step. */
function fallbackPart(view: HandoffView): Node | string {
  const fallback = view.fallback;
  if (!fallback) return '';
  switch (fallback.action) {
    case 'wait-for-opening':
      // Said only while the user waits: once the chat opened (or they left), the line is history.
      if (view.status !== 'waiting') return '';
      return el(
        'p',
        { 'data-testid': 'fallback' },
        fallback.nextOpenAt
          ? `Agents are back at ${localTime(fallback.nextOpenAt, timeZone)}; you'll be connected then.`
          : "You'll be connected as soon as agents are back.",
      );
    case 'ticket': {
      const number = fallback.ticket?.number ?? view.ticket?.number;
      return el(
        'p',
        { 'data-testid': 'fallback' },
        number ? `We've filed ticket ${number}; the service desk will follow up.` : "We've filed a ticket; the service desk will follow up.",
      );
    }
    case 'callback':
      if (fallback.callback)
        return el('p', { 'data-testid': 'fallback' }, `The service desk will call you back${fallback.callback.when ? ` (${fallback.callback.when})` : ''}.`);
      if (fallback.callbackUntil !== undefined && !isFuture(fallback.callbackUntil))
        return el('p', { 'data-testid': 'fallback' }, 'The callback request has closed.');
      return el(
        'div',
        { class: 'stack', 'data-testid': 'fallback' },
        el('p', {}, 'Leave your number and the service desk will call you back.'),
        callbackForm(view),
      );
  }
}

function surveyPart(view: HandoffView): Node | string {
  if (view.survey) return el('p', { 'data-testid': 'survey' }, `You rated this chat ${view.survey.rating} out of 5. Thank you!`);
  if (isFuture(view.surveyUntil)) return surveyForm(view);
  return '';
}

/** Renders the panel again when a window it shows (survey, callback) closes. */
function rerenderAtWindowEnd(view: HandoffView): void {
  clearTimeout(windowTimer);
  const ends = [view.surveyUntil, view.fallback?.callbackUntil].filter(isFuture).map((iso) => Date.parse(iso!) - Date.now());
  if (ends.length > 0) windowTimer = setTimeout(renderHandoff, Math.min(...ends, 2 ** 31 - 1) + 50);
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
  const place = placeText(view);
  const open = isOpen(view);
  const platformName = profiles.find((profile) => profile.name === view.profile)?.platformName;
  let what: Node | string;
  if (view.status === 'redirected' && view.redirectUrl) {
    what = el(
      'p',
      {},
      `Continue on ${chatPageName(platformName)}: `,
      el('a', { href: view.redirectUrl, target: '_blank', rel: 'noopener', 'data-testid': 'redirect-link' }, `Open ${chatPageName(platformName)}`),
    );
  } else if (view.mode === 'api' && open) {
    what = el(
      'p',
      {},
      `${place} `,
      view.redirectUrl
        ? el('a', { href: view.redirectUrl, target: '_blank', rel: 'noopener', 'data-testid': 'join-link' }, `Join the chat on ${deskName(platformName)}`)
        : '',
    );
  } else if (view.status === 'connected') {
    what = el('p', {}, `You are chatting with ${view.agent?.name ?? 'an agent'}. Everything you write goes to them.`);
  } else if (view.status === 'queued') {
    what = el('p', { 'data-testid': 'queue-place' }, `Waiting for an agent. ${place}`);
  } else if (view.status === 'waiting') {
    // The fallback's line below says when they are back.
    what = el('p', {}, 'No agent is in right now.');
  } else if (view.status === 'not_eligible') {
    what = el('p', {}, `A live agent is not offered now: ${notOfferedWhy(view.decision, timeZone)}.`);
  } else if (view.status === 'evaluating') {
    what = el('p', {}, 'Asking for a live agent...');
  } else {
    what = el('p', { 'data-testid': 'ending' }, `${endingWords(view.status, view.reason)} You're back with the assistant.`);
  }
  handoffPanel.hidden = false;
  fill(
    handoffPanel,
    el(
      'h2',
      {},
      'Live agent ',
      el('span', { class: `badge ${view.status}`, 'data-testid': 'handoff-status', 'data-status': view.status }, statusWords(view.status)),
    ),
    what,
    fallbackPart(view),
    surveyPart(view),
    el(
      'div',
      { class: 'row muted' },
      `${view.mode} mode`,
      view.ticket ? ` · ticket ${view.ticket.number}` : '',
      ' · ',
      el('a', { href: view.links.temporalUi, target: '_blank', rel: 'noopener' }, 'This handoff in the Temporal UI'),
    ),
    open
      ? el('div', { class: 'row' }, el('button', { type: 'button', class: 'danger', 'data-key': 'leave', onclick: inBackground(leave) }, 'Leave the live chat'))
      : '',
  );
  rerenderAtWindowEnd(view);
  say.setLabel(view.mode === 'broker' && isLive(view) ? `Write to ${view.status === 'connected' ? (view.agent?.name ?? 'the agent') : 'the agent'}` : BOT);
  if (!isLive(view)) stopTyping();
  requestButton.disabled = open;
  const canAttach = isLive(view) && view.mode === 'broker';
  fileInput.disabled = !canAttach;
  attachButton.setAttribute('aria-disabled', String(!canAttach));
  attachButton.title = canAttach ? 'Send a file to the agent' : 'Attach a file once you are chatting with an agent';
}

async function leave(): Promise<void> {
  await act(() => callApi('POST', `${api}/${conversationId}/leave`));
}

function openRequestForm(profiles: Profile[]): void {
  const offers = new Map(
    profiles.map((profile) => [profile.name, el('small', { 'data-testid': `offer-${profile.name}` }, 'checking whether agents are in...')]),
  );
  fill(
    profileChoices,
    ...profiles.map((profile, index) =>
      el(
        'label',
        { class: 'choice' },
        el('input', { type: 'radio', name: 'profile', value: profile.name, checked: index === 0 }),
        el('span', {}, profile.name, el('small', {}, modeHint(profile)), offers.get(profile.name)),
      ),
    ),
  );
  requestForm.hidden = false;
  profileChoices.querySelector<HTMLInputElement>('input:checked')?.focus();
  // The bot asks Handoff's eligibility: a profile that would not offer an agent now says why.
  void callApi<{ profiles: ProfileEligibility[] }>('POST', `${api}/${conversationId}/eligibility`, { name: nameInput.value, email: emailInput.value })
    .then(({ profiles: answers }) => {
      for (const answer of answers) {
        const offer = offers.get(answer.profile);
        if (!offer) continue;
        offer.textContent =
          answer.eligible === true
            ? 'A live agent is offered now'
            : answer.eligible === false
              ? `Not offered now: ${answer.explanation ?? 'the trigger rule said no'}`
              : `Could not tell: ${answer.error ?? 'no answer'}`;
      }
    })
    .catch(() => {
      for (const offer of offers.values()) offer.textContent = '';
    });
}

function closeRequestForm(): void {
  requestForm.hidden = true;
  requestButton.focus();
}

async function boot(): Promise<void> {
  await act(async () => {
    const conversation = await callApi<{ conversationId: string; profiles: Profile[] }>('POST', api, { timeZone });
    conversationId = conversation.conversationId;
    profiles = conversation.profiles;
  });
  if (!conversationId) return;
  requestButton.addEventListener('click', () => openRequestForm(profiles));
  cancelRequest.addEventListener('click', closeRequestForm);
  fileInput.addEventListener(
    'change',
    inBackground(() => sendFile()),
  );
  requestForm.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') closeRequestForm();
  });
  requestForm.addEventListener(
    'submit',
    inBackground(async (event: SubmitEvent) => {
      event.preventDefault();
      const profile = new FormData(requestForm).get('profile');
      const done = await act(() => callApi('POST', `${api}/${conversationId}/handoff`, { profile, name: nameInput.value, email: emailInput.value }));
      if (done) {
        requestForm.hidden = true;
        say.input.focus();
      }
    }),
  );
  listen(`${api}/${conversationId}/events`, take, liveState);
  say.input.focus();
}

void boot();
