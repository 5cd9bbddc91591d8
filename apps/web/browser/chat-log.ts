/** The chat transcript the three pages share: who said what, from whose point of view. */
import { clockTime, el, fill } from './dom';

export interface ChatLine {
  from: 'user' | 'agent' | 'bot' | 'system';
  text: string;
  at?: string;
  /** Shown above the text instead of the role, e.g. the agent's name. */
  name?: string;
  /** A file sent in the chat: shown under the text with its size, as a link when there is a `url` (an image also as a preview). */
  attachment?: ChatAttachment;
}

export interface ChatAttachment {
  name: string;
  contentType: string;
  size: number;
  /** Where the reader downloads it (Handoff's signed, expiring link). */
  url?: string;
}

export function chatLog(label: string): HTMLOListElement {
  return el('ol', { class: 'log', role: 'log', 'aria-live': 'polite', 'aria-label': label, tabindex: 0 });
}

/**
 * Renders `lines` into `log`; `me` is the side of the person reading, drawn on the right, and
 * `myName` their name when others write on their side too (a supervisor in an agent's chat).
 */
export function renderLines(
  log: HTMLElement,
  lines: ChatLine[],
  me: 'user' | 'agent',
  names: Partial<Record<ChatLine['from'], string>> = {},
  myName?: string,
): void {
  const atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
  fill(log, ...lines.map((line) => lineItem(line, me, names, myName)));
  if (atBottom || lines.length <= 1) {
    log.scrollTop = log.scrollHeight;
    // A preview grows the log when it loads, after the scroll: stay at the newest line then too,
    // unless the reader has scrolled up meanwhile.
    const pinned = log.scrollTop;
    for (const img of log.querySelectorAll('img')) {
      if (img.complete) continue;
      img.addEventListener(
        'load',
        () => {
          if (log.scrollTop >= pinned - 1) log.scrollTop = log.scrollHeight;
        },
        { once: true },
      );
    }
  }
}

function lineItem(line: ChatLine, me: 'user' | 'agent', names: Partial<Record<ChatLine['from'], string>>, myName?: string): HTMLLIElement {
  if (line.from === 'system') return el('li', { class: 'notice' }, line.text);
  const mine = line.from === me && (myName === undefined || line.name === undefined || line.name === myName);
  const side = mine ? 'mine' : line.from === 'bot' ? 'bot' : 'theirs';
  const who = mine ? 'You' : (line.name ?? names[line.from] ?? line.from);
  return el(
    'li',
    { class: side, 'data-from': line.from },
    el('span', { class: 'who' }, who, line.at ? ` · ${clockTime(line.at)}` : ''),
    line.text,
    line.attachment ? attachmentView(line.attachment) : '',
  );
}

function attachmentView(file: ChatAttachment): HTMLElement {
  const label = `${file.name} (${sizeText(file.size)})`;
  const preview = file.url && file.contentType.startsWith('image/') ? el('img', { src: file.url, alt: file.name, class: 'preview' }) : '';
  return el(
    'div',
    { class: 'attachment', 'data-testid': 'attachment' },
    preview,
    file.url ? el('a', { href: file.url, download: file.name, target: '_blank', rel: 'noopener' }, label) : el('span', {}, label),
  );
}

/** "812 B", "14.2 KB", "3.1 MB". */
export function sizeText(bytes: number): string {
  if (bytes < 1_000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${(bytes / 1_000).toFixed(1)} KB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}
