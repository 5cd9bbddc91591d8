/**
 * The user's pages on the desk. `start` (`/desk/chat`): where a url-mode redirect lands, the last
 * utterance prefilled, to start a chat with the desk directly. `join` (`/desk/join/<chatId>`, where
 * a join link's first use redirects with the chat's visitor cookie set): the chat, live until it
 * ends. `refused`: a join link used already, expired, or not the chat's.
 */
import { callApi, messageOf } from '../../web/browser/api';
import { chatLog, renderLines, type ChatLine } from '../../web/browser/chat-log';
import { composer } from '../../web/browser/composer';
import { el, inBackground, pageData } from '../../web/browser/dom';
import { listen } from '../../web/browser/live';

interface VisitorChat {
  chatId: string;
  status: 'queued' | 'active' | 'closed';
  queue: string;
  position?: number;
  /** The wait the desk expects at this place, from its recent waits. */
  estimatedWaitSeconds?: number;
  agentName?: string;
  ticketNumber?: string;
  user: { name?: string };
  messages: ChatLine[];
}

const data = pageData();
const base = data.base ?? '';
const query = new URLSearchParams(location.search);
const alert = el('div', { class: 'alert', role: 'alert' });

if (data.view === 'join') joinView(data.chatId ?? '');
else if (data.view === 'refused') refusedView(data.reason ?? 'This link cannot open the chat.');
else startView();

function frame(title: string, ...extra: Node[]): HTMLElement {
  const main = el('main', { class: 'page narrow' }, alert);
  document.body.append(el('header', { class: 'top' }, el('h1', {}, title), el('span', { class: 'spacer' }), ...extra), main);
  return main;
}

function startView(): void {
  const main = frame('Service desk');
  const ticket = query.get('ticket');
  const name = el('input', { type: 'text', name: 'name', autocomplete: 'name', value: query.get('name') ?? '', maxlength: 200 });
  const email = el('input', { type: 'email', name: 'email', autocomplete: 'email', value: query.get('email') ?? '', maxlength: 320 });
  const message = el('textarea', { name: 'message', rows: 4, maxlength: 4000 });
  message.value = query.get('utterance') ?? '';
  const start = el('button', { type: 'submit' }, 'Start chat');
  const form = el(
    'form',
    { class: 'card stack', novalidate: true },
    el('h2', {}, 'Chat with the service desk'),
    el('p', { class: 'muted' }, 'The bot sent you here with your last message. Check it and start the chat: the next free agent answers.'),
    ticket ? el('p', {}, `Your ticket: ${ticket}`) : '',
    el('label', {}, 'Your name', name),
    el('label', {}, 'Your email', email),
    el('label', {}, 'Your message (Enter starts the chat, Shift+Enter adds a line)', message),
    el('div', { class: 'row' }, start),
  );
  message.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  form.addEventListener(
    'submit',
    inBackground(async (event: SubmitEvent) => {
      event.preventDefault();
      start.disabled = true;
      try {
        const chat = await callApi<{ joinPath: string }>('POST', `${base}/api/visitor/chats`, {
          text: message.value,
          name: name.value,
          email: email.value,
          handoffId: query.get('handoff') ?? undefined,
          ticketNumber: ticket ?? undefined,
          grant: query.get('grant') ?? undefined,
        });
        location.assign(`${base}${chat.joinPath}`);
      } catch (error) {
        alert.textContent = messageOf(error);
        start.disabled = false;
      }
    }),
  );
  main.append(form);
  message.focus();
}

function refusedView(reason: string): void {
  const main = frame('Service desk chat');
  main.append(
    el(
      'section',
      { class: 'card stack' },
      el('h2', {}, 'This link cannot open the chat'),
      el('p', { 'data-testid': 'refusal' }, `${reason.charAt(0).toUpperCase()}${reason.slice(1)}.`),
    ),
  );
}

/** Every call is authorized by the chat's visitor cookie, which the browser sends by itself. */
function joinView(chatId: string): void {
  const liveState = el('span', { class: 'live' }, 'connecting...');
  const main = frame('Service desk chat', liveState);
  const chatApi = `${base}/api/visitor/chats/${encodeURIComponent(chatId)}`;
  const status = el('p', { role: 'status' }, 'Loading the chat...');
  const log = chatLog('Your chat with the service desk');
  const typing = el('div', { class: 'typing', 'aria-live': 'polite' });
  const leave = el('button', { type: 'button', class: 'danger' }, 'Leave the chat');
  let chat: VisitorChat | undefined;
  let typingTimer: ReturnType<typeof setTimeout> | undefined;

  const write = composer('Write to the agent', async (text) => {
    try {
      await callApi('POST', `${chatApi}/messages`, { text });
      alert.textContent = '';
      return true;
    } catch (error) {
      alert.textContent = messageOf(error);
      return false;
    }
  });

  const render = () => {
    if (!chat) return;
    status.textContent =
      chat.status === 'queued'
        ? `Waiting for an agent: you are number ${chat.position ?? '?'} in the queue "${chat.queue}".${
            chat.estimatedWaitSeconds !== undefined ? ` Expected wait: about ${Math.max(1, Math.round(chat.estimatedWaitSeconds / 60))} min.` : ''
          }`
        : chat.status === 'active'
          ? `You are chatting with ${chat.agentName ?? 'an agent'}.`
          : 'The chat has ended. You can close this page.';
    renderLines(log, chat.messages, 'user', { agent: chat.agentName ?? 'Agent' });
    write.setEnabled(chat.status !== 'closed', 'The chat has ended');
    leave.hidden = chat.status === 'closed';
  };

  const refresh = async () => {
    try {
      const before = chat?.messages.length ?? 0;
      chat = await callApi<VisitorChat>('GET', chatApi);
      if (chat.messages.length > before && chat.messages.at(-1)?.from === 'agent') showTyping(false);
      render();
    } catch (error) {
      alert.textContent = messageOf(error);
    }
  };

  const showTyping = (on: boolean) => {
    clearTimeout(typingTimer);
    typing.textContent = on ? `${chat?.agentName ?? 'The agent'} is typing...` : '';
    if (on) typingTimer = setTimeout(() => showTyping(false), 6_000);
  };

  leave.addEventListener(
    'click',
    inBackground(async () => {
      try {
        await callApi('POST', `${chatApi}/leave`, {});
        await refresh();
      } catch (error) {
        alert.textContent = messageOf(error);
      }
    }),
  );

  main.append(el('section', { class: 'card stack', 'aria-label': 'Chat' }, status, log, typing, write.form, el('div', { class: 'row' }, leave)));
  void refresh();
  listen(
    `${chatApi}/events`,
    (change: { type: string; typing?: boolean }) => {
      if (change.type === 'typing') showTyping(change.typing ?? true);
      else void refresh();
    },
    liveState,
  );
  write.input.focus();
}
