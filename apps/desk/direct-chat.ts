import type { ChatRow, DeskStore } from './store';

/**
 * A direct chat (started on the desk's chat page after a url-mode redirect) has no workflow to
 * file its transcript, so the desk notes it on the ticket the redirect carried, once per chat.
 */
export function noteDirectChatOnTicket(store: DeskStore, chat: ChatRow): void {
  if (chat.mode !== 'direct' || !chat.ticketNumber) return;
  const lines = store.messages(chat.chatId).map((m) => `[${m.at}] ${m.from === 'agent' ? (m.name ?? 'agent') : m.from}: ${m.text}`);
  store.addWorkNote(chat.ticketNumber, `desk-chat:${chat.chatId}`, ['Desk chat closed. Transcript:', ...lines].join('\n'));
}
