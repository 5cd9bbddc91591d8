/**
 * The agent's console (`/desk`): the sign-in form, then the queue, the agent's chats, the callback
 * list and the local tickets. It uses only the desk's JSON API of system.md and refetches whatever
 * the live feed says changed. The header shows the agent's presence (available / away) and the
 * desk's availability; a new waiting chat puts a count in the tab's title and, when the setting is
 * on, plays a short tone.
 */
import { CallFailed, callApi, messageOf } from '../../web/browser/api';
import { chatLog, renderLines, type ChatLine } from '../../web/browser/chat-log';
import { composer } from '../../web/browser/composer';
import { clockTime, el, elapsedSince, fill, inBackground, pageData } from '../../web/browser/dom';
import { AGENT_MESSAGE_MAX_CHARS } from '../../../contracts/message-limits';
import { closeDialog, confirmDialog, transferDialog } from './desk-dialogs';
import { chime, soundSetting } from './desk-sound';
import { listen } from '../../web/browser/live';
import { showSignIn } from './sign-in';
import { coalesced } from '../../web/browser/coalesce';

interface DeskUser {
  id: string;
  name?: string;
  email?: string;
  department?: string;
}
interface QueueItem {
  chatId: string;
  handoffId: string;
  user: DeskUser;
  lastUtterance: string;
  waitingSince: string;
  queue: string;
  mode: string;
  category?: string;
  position?: number;
  estimatedWaitSeconds?: number;
}
interface OpenChat {
  chatId: string;
  status: string;
  user: DeskUser;
  agentName?: string;
  queue: string;
  mode: string;
}
interface ChatDetail extends OpenChat {
  handoffId: string;
  ticketNumber?: string;
  category?: string;
  waitingSince: string;
  rating?: number;
  ratingComment?: string;
  context: ChatLine[];
  messages: ChatLine[];
  temporalUi?: string;
  /** The redaction markers in the user's text: the agent sees that something was withheld. */
  redacted?: string[];
  summary?: { text: string; provider: string; fellBack: boolean };
}
interface ClosedChat {
  chatId: string;
  user: DeskUser;
  queue: string;
  agentName?: string;
  closedAt: string;
  endReason?: string;
  rating?: number;
  ratingComment?: string;
}
type Presence = 'available' | 'away';
interface SignedInAgent {
  name: string;
  role: string;
  presence: Presence;
}
interface Availability {
  agentsAvailable: number;
  agentsSignedIn: number;
  contactsInQueue: number;
  hours: OpeningHours[];
}
/** A profile's opening hours (only profiles that have hours are listed). */
interface OpeningHours {
  profile: string;
  queue: string;
  timezone: string;
  weekly: Record<string, string[]>;
  open: boolean;
  nextOpenAt?: string;
}
interface Callback {
  id: string;
  handoffId: string;
  phone: string;
  when?: string;
  note?: string;
  user: DeskUser;
  ticketNumber?: string;
  createdAt: string;
  doneAt?: string;
  doneBy?: string;
}
interface DeskAgent {
  name: string;
  presence: Presence;
  signedIn: boolean;
}
interface Ticket {
  number: string;
  shortDescription: string;
  description: string;
  workNotes: Array<{ text: string; at: string }>;
  createdAt: string;
}

const api = `${pageData().base}/api`;
const TYPING_EVERY_MS = 3_000;

type Tab = 'chats' | 'callbacks' | 'tickets';

let queue: QueueItem[] = [];
let openChats: OpenChat[] = [];
let closedChats: ClosedChat[] = [];
let selected: ChatDetail | undefined;
/** Who is signed in: the page offers them only what the desk lets them do. */
let me: SignedInAgent | undefined;
let shownTab: Tab = 'chats';
let lastTypingAt = 0;
/** The waiting chats the page has seen, so a new one is noticed; undefined before the first load. */
let seenWaiting: Set<string> | undefined;
const pageTitle = document.title;

// The page's fixed frame; the functions below refill its parts.
const signedInAs = el('span', { class: 'muted', 'data-testid': 'signed-in-as' });
const signOutButton = el('button', { type: 'button', class: 'secondary', onclick: inBackground(() => signOut()) }, 'Sign out');
const presenceSelect: HTMLSelectElement = el(
  'select',
  { 'aria-label': 'Your presence', 'data-key': 'presence', onchange: inBackground(() => setPresence(presenceSelect.value as Presence)) },
  el('option', { value: 'available' }, 'Available'),
  el('option', { value: 'away' }, 'Away'),
);
const presenceBox = el('span', { class: 'presence' }, presenceSelect);
const availabilityNote = el('span', { class: 'availability', 'data-testid': 'desk-availability', 'aria-live': 'polite' });
const hoursNote = el('span', { class: 'availability muted', 'data-testid': 'desk-hours' });
const sound = soundSetting();
const liveState = el('span', { class: 'live' }, 'connecting...');
const alert = el('div', { class: 'alert', role: 'alert' });
const chatsTab = el('button', { type: 'button', role: 'tab', id: 'tab-chats', 'aria-controls': 'panel-chats' }, 'Chats');
const ticketsTab = el('button', { type: 'button', role: 'tab', id: 'tab-tickets', 'aria-controls': 'panel-tickets' }, 'Tickets');
const callbacksTab = el('button', { type: 'button', role: 'tab', id: 'tab-callbacks', 'aria-controls': 'panel-callbacks' }, 'Callbacks');
const queueTitle = el('h2', {}, 'Waiting for an agent');
const queueList = el('ul', { class: 'list', 'aria-label': 'Chats waiting for an agent' });
const openList = el('ul', { class: 'list', 'aria-label': 'Your open chats' });
const closedList = el('ul', { class: 'list', 'aria-label': 'Recently closed chats' });
const chatHead = el('div', { class: 'stack' });
const contextBox = el('div');
const log = chatLog('Chat with the user');
const userTypingNote = el('div', { class: 'typing', 'aria-live': 'polite' });
let userTypingTimer: ReturnType<typeof setTimeout> | undefined;
const chatActions = el('div', { class: 'row' });
const reply = composer('Write to the user', sendReply, announceTyping, AGENT_MESSAGE_MAX_CHARS);
const ticketList = el('div', { class: 'stack', 'aria-label': 'Local tickets' });
const callbackList = el('div', { class: 'stack', 'aria-label': 'Callback requests' });

const chatsPanel = el(
  'section',
  { id: 'panel-chats', role: 'tabpanel', 'aria-labelledby': 'tab-chats' },
  el(
    'div',
    { class: 'columns' },
    el(
      'div',
      { class: 'side' },
      el('section', { class: 'card' }, queueTitle, queueList),
      el('section', { class: 'card' }, el('h2', {}, 'Open chats'), openList),
      el('section', { class: 'card' }, el('h2', {}, 'Recently closed'), closedList),
    ),
    el('section', { class: 'card main stack', 'aria-label': 'Selected chat' }, chatHead, contextBox, log, userTypingNote, reply.form, chatActions),
  ),
);
const ticketsPanel = el('section', { id: 'panel-tickets', role: 'tabpanel', 'aria-labelledby': 'tab-tickets', hidden: true }, ticketList);
const callbacksPanel = el('section', { id: 'panel-callbacks', role: 'tabpanel', 'aria-labelledby': 'tab-callbacks', hidden: true }, callbackList);

chatsTab.addEventListener('click', () => showTab('chats'));
ticketsTab.addEventListener('click', () => showTab('tickets'));
callbacksTab.addEventListener('click', () => showTab('callbacks'));
window.addEventListener('hashchange', followHash);

function report(error: unknown): void {
  // The session ended (signed out in another tab, expired): back to the sign-in form.
  if (error instanceof CallFailed && error.status === 401) return location.reload();
  alert.textContent = messageOf(error);
}

/** Runs an agent action; its error, in the API's words, goes to the alert. */
async function act(action: () => Promise<unknown>): Promise<boolean> {
  try {
    await action();
    alert.textContent = '';
    return true;
  } catch (error) {
    report(error);
    return false;
  }
}

async function refresh(): Promise<void> {
  try {
    let availability: Availability;
    [queue, openChats, closedChats, availability] = await Promise.all([
      callApi<QueueItem[]>('GET', `${api}/queue`),
      callApi<OpenChat[]>('GET', `${api}/chats`),
      callApi<ClosedChat[]>('GET', `${api}/closed-chats`),
      callApi<Availability>('GET', `${api}/availability`),
    ]);
    if (selected) {
      const before = selected;
      selected = await callApi<ChatDetail>('GET', `${api}/chats/${encodeURIComponent(selected.chatId)}`);
      // The user's message arrived: they are no longer typing it.
      if (selected.chatId === before.chatId && selected.messages.length > before.messages.length && selected.messages.at(-1)?.from === 'user') {
        showUserTyping(false);
      }
    }
    if (shownTab === 'tickets') renderTickets(await callApi<Ticket[]>('GET', `${api}/tickets`));
    // The tab counts the calls to make wherever the agent is.
    renderCallbacks(await callApi<Callback[]>('GET', `${api}/callbacks`));
    noticeNewChats();
    renderAvailability(availability);
    renderQueue();
    renderOpenChats();
    renderClosedChats();
    renderChat();
  } catch (error) {
    report(error);
  }
}

/** A chat that was not waiting before: the tab's title counts the waiting chats, and the tone plays. */
function noticeNewChats(): void {
  const now = new Set(queue.map((item) => item.chatId));
  const arrived = seenWaiting === undefined ? [] : [...now].filter((id) => !seenWaiting!.has(id));
  seenWaiting = now;
  document.title = queue.length > 0 ? `(${queue.length}) ${pageTitle}` : pageTitle;
  // Only the chats new since the last refresh flash; a later refresh draws them plainly.
  newlyArrived = new Set(arrived);
  if (arrived.length > 0 && sound.enabled()) chime();
}
let newlyArrived = new Set<string>();

function renderAvailability(numbers: Availability): void {
  const agents = numbers.agentsAvailable === 1 ? '1 agent available' : `${numbers.agentsAvailable} agents available`;
  fill(availabilityNote, el('strong', {}, agents), ` · ${numbers.contactsInQueue} waiting`);
  availabilityNote.title = `${numbers.agentsSignedIn} signed in; an agent counts as available while signed in and not away`;
  fill(hoursNote, ...numbers.hours.flatMap((h, index) => [index > 0 ? ' · ' : '', openingLabel(h)]));
}

/**
 * "General (office): open (Europe/Berlin)", or "… closed, opens Tue 08:00 (Europe/Berlin)": times in
 * the hours' own zone, as the profile states them, which is named; the week in the tooltip.
 */
function openingLabel(hours: OpeningHours): HTMLElement {
  const opens = (at: string) => new Date(at).toLocaleString([], { weekday: 'short', hour: '2-digit', minute: '2-digit', timeZone: hours.timezone });
  const when = hours.nextOpenAt ? `closed, opens ${opens(hours.nextOpenAt)}` : 'closed';
  const week = Object.entries(hours.weekly)
    .map(([day, ranges]) => `${day} ${ranges.join(', ')}`)
    .join('; ');
  return el(
    'span',
    { class: hours.open ? 'open' : 'closed', title: `${hours.profile}: ${week || 'no hours'} (${hours.timezone})` },
    `${hours.queue} (${hours.profile}): ${hours.open ? 'open' : when} (${hours.timezone})`,
  );
}

/** "04:07": how long a chat has waited, as a ticking clock. */
function waitClock(since: string, now = Date.now()): string {
  const seconds = Math.max(0, Math.floor((now - Date.parse(since)) / 1_000));
  const minutes = Math.floor(seconds / 60);
  return `${String(minutes).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
}

/** A wait of more than five minutes shows in red. */
const LONG_WAIT_MS = 5 * 60 * 1_000;

function waitTimer(since: string): HTMLElement {
  const long = Date.now() - Date.parse(since) > LONG_WAIT_MS;
  return el('span', { class: long ? 'wait long' : 'wait', 'data-wait-since': since, title: `Waiting since ${clockTime(since)}` }, waitClock(since));
}

function stars(rating: number): HTMLElement {
  return el(
    'span',
    { class: 'stars', 'aria-label': `Rated ${rating} of 5`, 'data-testid': 'rating' },
    '★'.repeat(rating),
    el('span', { class: 'off' }, '★'.repeat(5 - rating)),
  );
}

/** The user's department and the issue's category, where the bot told them. */
function facts(user: DeskUser, category?: string): HTMLElement | '' {
  if (!user.department && !category) return '';
  return el(
    'span',
    { class: 'facts' },
    user.department ? el('span', { class: 'fact', title: 'Department' }, user.department) : '',
    category ? el('span', { class: 'fact', title: 'Category' }, category) : '',
  );
}

const refreshSoon = coalesced(
  inBackground(() => refresh()),
  30,
);

function userLabel(user: DeskUser): string {
  return user.name ?? user.email ?? user.id;
}

function renderQueue(): void {
  queueTitle.textContent = `Waiting for an agent (${queue.length})`;
  chatsTab.textContent = queue.length > 0 ? `Chats (${queue.length} waiting)` : 'Chats';
  if (queue.length === 0) return fill(queueList, el('li', { class: 'muted' }, 'Nobody is waiting.'));
  fill(
    queueList,
    ...queue.map((item) =>
      el(
        'li',
        {
          'data-chat': item.chatId,
          class: [selected?.chatId === item.chatId ? 'selected' : '', newlyArrived.has(item.chatId) ? 'new-chat' : ''].join(' ').trim() || undefined,
        },
        el('strong', {}, userLabel(item.user)),
        item.user.email && item.user.name ? el('span', { class: 'muted' }, ` ${item.user.email}`) : '',
        facts(item.user, item.category),
        el('p', { class: 'quote' }, `"${item.lastUtterance}"`),
        el(
          'p',
          { class: 'muted' },
          `${item.mode} · ${item.queue}${item.position !== undefined ? ` #${item.position}` : ''} · waiting `,
          waitTimer(item.waitingSince),
        ),
        el(
          'div',
          { class: 'row' },
          el('button', { type: 'button', 'data-key': `accept-${item.chatId}`, onclick: inBackground(() => accept(item.chatId)) }, 'Accept'),
          el('button', { type: 'button', class: 'secondary', 'data-key': `view-${item.chatId}`, onclick: inBackground(() => select(item.chatId)) }, 'View'),
        ),
      ),
    ),
  );
}

function renderOpenChats(): void {
  const mine = openChats.filter((chat) => chat.status === 'active');
  if (mine.length === 0) return fill(openList, el('li', { class: 'muted' }, 'No chat in progress.'));
  fill(
    openList,
    ...mine.map((chat) =>
      el(
        'li',
        { class: selected?.chatId === chat.chatId ? 'selected' : undefined },
        el(
          'button',
          { type: 'button', class: 'secondary', 'data-key': `open-${chat.chatId}`, onclick: inBackground(() => select(chat.chatId)) },
          userLabel(chat.user),
        ),
        el('span', { class: 'muted' }, ` with ${chat.agentName ?? 'an agent'} · ${chat.mode}`),
      ),
    ),
  );
}

function renderClosedChats(): void {
  if (closedChats.length === 0) return fill(closedList, el('li', { class: 'muted' }, 'No chat closed yet.'));
  fill(
    closedList,
    ...closedChats
      .slice(0, 8)
      .map((chat) =>
        el(
          'li',
          { 'data-closed-chat': chat.chatId },
          el(
            'button',
            { type: 'button', class: 'secondary', 'data-key': `closed-${chat.chatId}`, onclick: inBackground(() => select(chat.chatId)) },
            userLabel(chat.user),
          ),
          ' ',
          chat.rating !== undefined ? stars(chat.rating) : el('span', { class: 'muted' }, 'not rated'),
          el(
            'div',
            { class: 'muted' },
            `${clockTime(chat.closedAt)} · ${chat.agentName ?? 'no agent'}${chat.ratingComment ? ` · "${chat.ratingComment}"` : ''}`,
          ),
        ),
      ),
  );
}

function renderCallbacks(callbacks: Callback[]): void {
  const toCall = callbacks.filter((c) => !c.doneAt).length;
  callbacksTab.textContent = toCall > 0 ? `Callbacks (${toCall})` : 'Callbacks';
  if (callbacks.length === 0) {
    return fill(callbackList, el('p', { class: 'muted card' }, 'No callback requested: a user whose handoff falls back to a callback appears here.'));
  }
  fill(
    callbackList,
    ...callbacks.map((callback) =>
      el(
        'article',
        { class: `card callback stack${callback.doneAt ? ' done' : ''}`, 'data-callback': callback.id },
        el('div', { class: 'row' }, el('span', { class: 'phone' }, callback.phone), el('strong', {}, userLabel(callback.user)), facts(callback.user)),
        el('p', {}, callback.when ? `When: ${callback.when}` : 'When: any time'),
        callback.note ? el('p', { class: 'quote' }, `"${callback.note}"`) : '',
        el(
          'p',
          { class: 'muted' },
          `Asked at ${clockTime(callback.createdAt)}`,
          callback.ticketNumber ? ' · ' : '',
          callback.ticketNumber ? el('a', { href: `#tickets/${callback.ticketNumber}` }, `Ticket ${callback.ticketNumber}`) : '',
        ),
        callback.doneAt
          ? el('p', { class: 'muted' }, `Called back by ${callback.doneBy ?? 'an agent'} at ${clockTime(callback.doneAt)}`)
          : el(
              'div',
              { class: 'row' },
              el('button', { type: 'button', 'data-key': `done-${callback.id}`, onclick: inBackground(() => markCalled(callback.id)) }, 'Mark called back'),
            ),
      ),
    ),
  );
}

async function markCalled(id: string): Promise<void> {
  await act(() => callApi('POST', `${api}/callbacks/${encodeURIComponent(id)}/done`, {}));
  await refresh();
}

function renderChat(): void {
  if (!selected) {
    fill(chatHead, el('h2', {}, 'No chat open'), el('p', { class: 'muted' }, 'Accept a chat from the queue, or open one of yours.'));
    fill(contextBox);
    renderLines(log, [], 'agent');
    fill(chatActions);
    reply.setEnabled(false, 'Open a chat to write');
    return;
  }
  const chat = selected;
  fill(
    chatHead,
    el('h2', {}, userLabel(chat.user), chat.user.email && chat.user.name ? el('span', { class: 'muted' }, ` ${chat.user.email}`) : ''),
    el(
      'div',
      { class: 'row' },
      el('span', { class: `badge ${chat.status}` }, chat.status),
      chat.status === 'queued' ? waitTimer(chat.waitingSince) : '',
      facts(chat.user, chat.category),
      chat.status === 'closed' && chat.rating !== undefined ? stars(chat.rating) : '',
      el('span', { class: 'muted' }, `${chat.mode} · ${chat.queue}${chat.agentName ? ` · ${chat.agentName}` : ''}`),
      chat.ticketNumber ? el('a', { href: `#tickets/${chat.ticketNumber}` }, `Ticket ${chat.ticketNumber}`) : '',
      chat.temporalUi ? el('a', { href: chat.temporalUi, target: '_blank', rel: 'noopener' }, 'Workflow in Temporal UI') : '',
    ),
    chat.redacted?.length
      ? el('p', { class: 'notice redacted' }, `Redacted before it reached you: ${chat.redacted.join(', ')} (the user's own copy is untouched)`)
      : '',
  );
  fill(
    contextBox,
    chat.summary
      ? el(
          'section',
          { class: 'summary-first', 'aria-label': 'Summary' },
          el('strong', {}, chat.summary.fellBack ? 'Summary (the model did not answer; extractive)' : `Summary (${chat.summary.provider})`),
          el('p', {}, chat.summary.text),
        )
      : '',
    chat.context.length === 0
      ? ''
      : el(
          'details',
          { class: 'context', open: true },
          el('summary', {}, `Before the handoff: the user's chat with the bot (${chat.context.length} messages)`),
          el('ul', { class: 'notes' }, ...chat.context.map((line) => el('li', {}, el('strong', {}, `${line.from}: `), line.text))),
        ),
  );
  renderLines(log, chat.messages, 'agent', { user: chat.user.name ?? 'User' }, me?.name);
  const mayAct = mayActOn(chat);
  reply.setEnabled(
    chat.status === 'active' && mayAct,
    chat.status === 'queued' ? 'Accept the chat to write' : chat.status === 'closed' ? 'The chat is closed' : `${chat.agentName} holds this chat`,
  );
  if (chat.status === 'active' && chat.agentName !== me?.name && mayAct) reply.input.placeholder = `Write to take the chat over from ${chat.agentName}`;
  fill(
    chatActions,
    chat.status === 'queued' ? el('button', { type: 'button', 'data-key': 'accept-selected', onclick: inBackground(() => accept(chat.chatId)) }, 'Accept') : '',
    chat.status === 'active' && mayAct
      ? el(
          'label',
          { class: 'button secondary', title: 'Send a file to the user' },
          'Attach a file',
          el('input', {
            type: 'file',
            class: 'visually-hidden',
            'data-key': 'attach-file',
            'aria-label': 'Attach a file',
            onchange: inBackground((event: Event) => attachFile(chat.chatId, event)),
          }),
        )
      : '',
    chat.status !== 'closed' && mayAct
      ? el('button', { type: 'button', class: 'secondary', 'data-key': 'transfer-selected', onclick: inBackground(() => transferChat(chat)) }, 'Transfer')
      : '',
    chat.status !== 'closed' && mayAct
      ? el('button', { type: 'button', class: 'danger', 'data-key': 'close-selected', onclick: inBackground(() => closeChat(chat)) }, 'Close chat')
      : '',
  );
}

/** The desk's rule (apps/desk/chat-actor.ts): the agent who holds the chat, or a supervisor on any. */
function mayActOn(chat: ChatDetail): boolean {
  return me?.role === 'supervisor' || (chat.status === 'active' && chat.agentName === me?.name);
}

function renderTickets(tickets: Ticket[]): void {
  if (tickets.length === 0) return fill(ticketList, el('p', { class: 'muted card' }, 'No ticket yet: a handoff whose profile files tickets adds one here.'));
  fill(
    ticketList,
    ...tickets.map((ticket) =>
      el(
        'article',
        { class: 'card ticket stack', id: `ticket-${ticket.number}`, 'data-ticket': ticket.number },
        el('h3', {}, `${ticket.number} `, el('span', {}, ticket.shortDescription)),
        el('p', { class: 'muted' }, `Filed at ${clockTime(ticket.createdAt)}`),
        el('h4', {}, 'Description'),
        el('pre', {}, ticket.description),
        el('h4', {}, `Work notes (${ticket.workNotes.length})`),
        el(
          'ol',
          { class: 'notes' },
          ...ticket.workNotes.map((note) => el('li', {}, el('span', { class: 'muted' }, clockTime(note.at)), el('pre', { class: 'work-note' }, note.text))),
        ),
      ),
    ),
  );
  const wanted = location.hash.match(/^#tickets\/(.+)$/)?.[1];
  if (wanted) document.getElementById(`ticket-${decodeURIComponent(wanted)}`)?.scrollIntoView({ block: 'start' });
}

async function select(chatId: string): Promise<void> {
  await act(async () => {
    selected = await callApi<ChatDetail>('GET', `${api}/chats/${encodeURIComponent(chatId)}`);
    renderQueue();
    renderOpenChats();
    renderChat();
  });
  if (selected?.status === 'active') reply.input.focus();
}

/** The user sees the signed-in agent's name when they join. */
async function accept(chatId: string): Promise<void> {
  if (await act(() => callApi('POST', `${api}/chats/${encodeURIComponent(chatId)}/accept`, {}))) await select(chatId);
}

async function sendReply(text: string): Promise<boolean> {
  if (!selected) return false;
  const chatId = selected.chatId;
  return act(() => callApi('POST', `${api}/chats/${encodeURIComponent(chatId)}/messages`, { text }));
}

/** Sends the chosen file to the chat: the desk keeps it and Handoff fetches it for the user. */
async function attachFile(chatId: string, event: Event): Promise<void> {
  const input = event.target as HTMLInputElement;
  const file = input.files?.[0];
  if (!file) return;
  const form = new FormData();
  form.append('file', file, file.name);
  input.disabled = true;
  try {
    // The header marks an upload of the desk's own page (the desk refuses a multipart body without it).
    await act(() => callApi('POST', `${api}/chats/${encodeURIComponent(chatId)}/attachments`, form, { 'x-desk-upload': '1' }));
  } finally {
    input.value = '';
    input.disabled = false;
  }
  await refresh();
}

function announceTyping(): void {
  if (selected?.status !== 'active' || Date.now() - lastTypingAt < TYPING_EVERY_MS) return;
  lastTypingAt = Date.now();
  callApi('POST', `${api}/chats/${encodeURIComponent(selected.chatId)}/typing`, { typing: true }).catch(() => undefined);
}

/** Asks first, in a dialog: closing ends the user's chat with an agent. */
async function closeChat(chat: ChatDetail): Promise<void> {
  if (!(await confirmDialog(closeDialog(userLabel(chat.user))))) return;
  await act(() => callApi('POST', `${api}/chats/${encodeURIComponent(chat.chatId)}/close`, {}));
  await refresh();
}

/** Picks a queue or an agent in a dialog, then hands the chat over. */
async function transferChat(chat: ChatDetail): Promise<void> {
  let queues: string[] = [];
  let agents: DeskAgent[] = [];
  if (
    !(await act(async () => ([queues, agents] = await Promise.all([callApi<string[]>('GET', `${api}/queues`), callApi<DeskAgent[]>('GET', `${api}/agents`)]))))
  ) {
    return;
  }
  const target = await transferDialog({
    who: userLabel(chat.user),
    queues: queues.filter((name) => name !== chat.queue || chat.status !== 'queued'),
    agents: agents.filter((agent) => agent.name !== chat.agentName),
  });
  if (!target) return;
  await act(() => callApi('POST', `${api}/chats/${encodeURIComponent(chat.chatId)}/transfer`, target));
  await refresh();
}

async function setPresence(presence: Presence): Promise<void> {
  presenceBox.className = `presence ${presence}`;
  await act(() => callApi('PUT', `${api}/presence`, { presence }));
}

function showTab(tab: Tab): void {
  shownTab = tab;
  const tabs: Array<[Tab, HTMLElement, HTMLElement]> = [
    ['chats', chatsTab, chatsPanel],
    ['callbacks', callbacksTab, callbacksPanel],
    ['tickets', ticketsTab, ticketsPanel],
  ];
  for (const [name, button, panel] of tabs) {
    panel.hidden = name !== tab;
    button.setAttribute('aria-selected', String(name === tab));
  }
  if (tab !== 'chats' && !location.hash.startsWith(`#${tab}`)) history.replaceState(null, '', `#${tab}`);
  if (tab === 'chats' && location.hash) history.replaceState(null, '', location.pathname);
  void refresh();
}

function followHash(): void {
  showTab(location.hash.startsWith('#tickets') ? 'tickets' : location.hash.startsWith('#callbacks') ? 'callbacks' : 'chats');
}

setInterval(() => {
  document.querySelectorAll<HTMLElement>('[data-since]').forEach((since) => (since.textContent = elapsedSince(since.dataset.since!)));
  document.querySelectorAll<HTMLElement>('[data-wait-since]').forEach((wait) => {
    const since = wait.dataset.waitSince!;
    wait.textContent = waitClock(since);
    wait.classList.toggle('long', Date.now() - Date.parse(since) > LONG_WAIT_MS);
  });
}, 1_000);

function showUserTyping(on: boolean): void {
  clearTimeout(userTypingTimer);
  userTypingNote.textContent = on ? `${selected?.user.name ?? 'The user'} is typing...` : '';
  if (on) userTypingTimer = setTimeout(() => showUserTyping(false), 6_000);
}

function startConsole(agent: SignedInAgent): void {
  me = agent;
  signedInAs.textContent = `Signed in as ${agent.name}`;
  presenceSelect.value = agent.presence;
  presenceBox.className = `presence ${agent.presence}`;
  const supervisorLink = agent.role === 'supervisor' ? el('a', { href: `${pageData().base}/supervisor` }, 'Supervisor view') : '';
  document.head.append(el('link', { rel: 'stylesheet', href: `${pageData().base}/assets/agent-desk.css` }));
  document.body.replaceChildren(
    el(
      'header',
      { class: 'top' },
      el('h1', {}, 'Local desk'),
      availabilityNote,
      hoursNote,
      el('span', { class: 'spacer' }),
      sound.control,
      supervisorLink,
      signedInAs,
      presenceBox,
      signOutButton,
      liveState,
    ),
    el(
      'main',
      { class: 'page' },
      alert,
      el('div', { class: 'tabs', role: 'tablist' }, chatsTab, callbacksTab, ticketsTab),
      chatsPanel,
      callbacksPanel,
      ticketsPanel,
    ),
  );
  listen(
    `${api}/events`,
    (change: { type: string; chatId?: string; typing?: boolean }) => {
      if (change.type === 'user-typing') {
        if (change.chatId === selected?.chatId) showUserTyping(change.typing ?? true);
        return;
      }
      if (change.type !== 'typing') refreshSoon();
    },
    liveState,
  );
  followHash();
}

async function signOut(): Promise<void> {
  await act(() => callApi('DELETE', `${api}/session`));
  location.reload();
}

callApi<SignedInAgent>('GET', `${api}/session`).then(startConsole, (error: unknown) => {
  if (error instanceof CallFailed && error.status === 401) return showSignIn(api, 'Local desk');
  document.body.replaceChildren(el('main', { class: 'page' }, alert));
  alert.textContent = messageOf(error);
});
