/**
 * The agent's console (`/desk`): the sign-in form, then the queue, the agent's chats, and the local
 * tickets. It uses only the desk's JSON API of system.md and refetches whatever the live feed says
 * changed.
 */
import { CallFailed, callApi, messageOf } from '../../web/browser/api';
import { chatLog, renderLines, type ChatLine } from '../../web/browser/chat-log';
import { composer } from '../../web/browser/composer';
import { clockTime, el, elapsedSince, fill, pageData } from '../../web/browser/dom';
import { listen } from '../../web/browser/live';
import { showSignIn } from './sign-in';
import { coalesced } from '../../web/browser/coalesce';

interface DeskUser {
  id: string;
  name?: string;
  email?: string;
}
interface QueueItem {
  chatId: string;
  handoffId: string;
  user: DeskUser;
  lastUtterance: string;
  waitingSince: string;
  queue: string;
  mode: string;
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
  context: ChatLine[];
  messages: ChatLine[];
  temporalUi?: string;
}
interface SignedInAgent {
  name: string;
  role: string;
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

let queue: QueueItem[] = [];
let openChats: OpenChat[] = [];
let selected: ChatDetail | undefined;
let ticketsShown = false;
let lastTypingAt = 0;

// The page's fixed frame; the functions below refill its parts.
const signedInAs = el('span', { class: 'muted', 'data-testid': 'signed-in-as' });
const signOutButton = el('button', { type: 'button', class: 'secondary', onclick: () => void signOut() }, 'Sign out');
const liveState = el('span', { class: 'live' }, 'connecting...');
const alert = el('div', { class: 'alert', role: 'alert' });
const chatsTab = el('button', { type: 'button', role: 'tab', id: 'tab-chats', 'aria-controls': 'panel-chats' }, 'Chats');
const ticketsTab = el('button', { type: 'button', role: 'tab', id: 'tab-tickets', 'aria-controls': 'panel-tickets' }, 'Tickets');
const queueTitle = el('h2', {}, 'Waiting for an agent');
const queueList = el('ul', { class: 'list', 'aria-label': 'Chats waiting for an agent' });
const openList = el('ul', { class: 'list', 'aria-label': 'Your open chats' });
const chatHead = el('div', { class: 'stack' });
const contextBox = el('div');
const log = chatLog('Chat with the user');
const userTypingNote = el('div', { class: 'typing', 'aria-live': 'polite' });
let userTypingTimer: ReturnType<typeof setTimeout> | undefined;
const chatActions = el('div', { class: 'row' });
const reply = composer('Write to the user', sendReply, announceTyping);
const ticketList = el('div', { class: 'stack', 'aria-label': 'Local tickets' });

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
    ),
    el('section', { class: 'card main stack', 'aria-label': 'Selected chat' }, chatHead, contextBox, log, userTypingNote, reply.form, chatActions),
  ),
);
const ticketsPanel = el('section', { id: 'panel-tickets', role: 'tabpanel', 'aria-labelledby': 'tab-tickets', hidden: true }, ticketList);

chatsTab.addEventListener('click', () => showTab('chats'));
ticketsTab.addEventListener('click', () => showTab('tickets'));
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
    [queue, openChats] = await Promise.all([callApi<QueueItem[]>('GET', `${api}/queue`), callApi<OpenChat[]>('GET', `${api}/chats`)]);
    if (selected) selected = await callApi<ChatDetail>('GET', `${api}/chats/${encodeURIComponent(selected.chatId)}`);
    if (ticketsShown) renderTickets(await callApi<Ticket[]>('GET', `${api}/tickets`));
    renderQueue();
    renderOpenChats();
    renderChat();
  } catch (error) {
    report(error);
  }
}

const refreshSoon = coalesced(() => void refresh(), 30);

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
        { 'data-chat': item.chatId, class: selected?.chatId === item.chatId ? 'selected' : undefined },
        el('strong', {}, userLabel(item.user)),
        item.user.email && item.user.name ? el('span', { class: 'muted' }, ` ${item.user.email}`) : '',
        el('p', { class: 'quote' }, `"${item.lastUtterance}"`),
        el(
          'p',
          { class: 'muted' },
          `${item.mode} · ${item.queue} · waiting `,
          el('span', { 'data-since': item.waitingSince }, elapsedSince(item.waitingSince)),
        ),
        el(
          'div',
          { class: 'row' },
          el('button', { type: 'button', 'data-key': `accept-${item.chatId}`, onclick: () => accept(item.chatId) }, 'Accept'),
          el('button', { type: 'button', class: 'secondary', 'data-key': `view-${item.chatId}`, onclick: () => select(item.chatId) }, 'View'),
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
        el('button', { type: 'button', class: 'secondary', 'data-key': `open-${chat.chatId}`, onclick: () => select(chat.chatId) }, userLabel(chat.user)),
        el('span', { class: 'muted' }, ` with ${chat.agentName ?? 'an agent'} · ${chat.mode}`),
      ),
    ),
  );
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
      el('span', { class: 'muted' }, `${chat.mode} · ${chat.queue}${chat.agentName ? ` · ${chat.agentName}` : ''}`),
      chat.ticketNumber ? el('a', { href: `#tickets/${chat.ticketNumber}` }, `Ticket ${chat.ticketNumber}`) : '',
      chat.temporalUi ? el('a', { href: chat.temporalUi, target: '_blank', rel: 'noopener' }, 'Workflow in Temporal UI') : '',
    ),
  );
  fill(
    contextBox,
    chat.context.length === 0
      ? ''
      : el(
          'details',
          { class: 'context', open: true },
          el('summary', {}, `Before the handoff: the user's chat with the bot (${chat.context.length} messages)`),
          el('ul', { class: 'notes' }, ...chat.context.map((line) => el('li', {}, el('strong', {}, `${line.from}: `), line.text))),
        ),
  );
  renderLines(log, chat.messages, 'agent', { user: chat.user.name ?? 'User' });
  reply.setEnabled(chat.status === 'active', chat.status === 'queued' ? 'Accept the chat to write' : 'The chat is closed');
  fill(
    chatActions,
    chat.status === 'queued' ? el('button', { type: 'button', 'data-key': 'accept-selected', onclick: () => accept(chat.chatId) }, 'Accept') : '',
    chat.status === 'active'
      ? el(
          'label',
          { class: 'button secondary', title: 'Send a file to the user' },
          'Attach a file',
          el('input', {
            type: 'file',
            class: 'visually-hidden',
            'data-key': 'attach-file',
            'aria-label': 'Attach a file',
            onchange: (event: Event) => attachFile(chat.chatId, event),
          }),
        )
      : '',
    chat.status !== 'closed'
      ? el('button', { type: 'button', class: 'danger', 'data-key': 'close-selected', onclick: () => closeChat(chat.chatId) }, 'Close chat')
      : '',
  );
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

async function closeChat(chatId: string): Promise<void> {
  await act(() => callApi('POST', `${api}/chats/${encodeURIComponent(chatId)}/close`, {}));
  await refresh();
}

function showTab(tab: 'chats' | 'tickets'): void {
  ticketsShown = tab === 'tickets';
  chatsPanel.hidden = ticketsShown;
  ticketsPanel.hidden = !ticketsShown;
  chatsTab.setAttribute('aria-selected', String(!ticketsShown));
  ticketsTab.setAttribute('aria-selected', String(ticketsShown));
  if (ticketsShown && !location.hash.startsWith('#tickets')) history.replaceState(null, '', '#tickets');
  if (!ticketsShown && location.hash) history.replaceState(null, '', location.pathname);
  void refresh();
}

function followHash(): void {
  showTab(location.hash.startsWith('#tickets') ? 'tickets' : 'chats');
}

setInterval(() => {
  document.querySelectorAll<HTMLElement>('[data-since]').forEach((since) => (since.textContent = elapsedSince(since.dataset.since!)));
}, 1_000);

function showUserTyping(on: boolean): void {
  clearTimeout(userTypingTimer);
  userTypingNote.textContent = on ? `${selected?.user.name ?? 'The user'} is typing...` : '';
  if (on) userTypingTimer = setTimeout(() => showUserTyping(false), 6_000);
}

function startConsole(agent: SignedInAgent): void {
  signedInAs.textContent = `Signed in as ${agent.name}`;
  const supervisorLink = agent.role === 'supervisor' ? el('a', { href: `${pageData().base}/supervisor` }, 'Supervisor view') : '';
  document.body.replaceChildren(
    el('header', { class: 'top' }, el('h1', {}, 'Local desk'), el('span', { class: 'spacer' }), supervisorLink, signedInAs, signOutButton, liveState),
    el('main', { class: 'page' }, alert, el('div', { class: 'tabs', role: 'tablist' }, chatsTab, ticketsTab), chatsPanel, ticketsPanel),
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
