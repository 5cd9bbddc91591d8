/** The chat transcript the three pages share: who said what, from whose point of view. */
import { clockTime, el, fill } from './dom';

export interface ChatLine {
  from: 'user' | 'agent' | 'bot' | 'system';
  text: string;
  at?: string;
  /** Shown above the text instead of the role, e.g. the agent's name. */
  name?: string;
}

export function chatLog(label: string): HTMLOListElement {
  return el('ol', { class: 'log', role: 'log', 'aria-live': 'polite', 'aria-label': label, tabindex: 0 });
}

/** Renders `lines` into `log`; `me` is the side of the person reading, drawn on the right. */
export function renderLines(log: HTMLElement, lines: ChatLine[], me: 'user' | 'agent', names: Partial<Record<ChatLine['from'], string>> = {}): void {
  const atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
  fill(log, ...lines.map((line) => lineItem(line, me, names)));
  if (atBottom || lines.length <= 1) log.scrollTop = log.scrollHeight;
}

function lineItem(line: ChatLine, me: 'user' | 'agent', names: Partial<Record<ChatLine['from'], string>>): HTMLLIElement {
  if (line.from === 'system') return el('li', { class: 'notice' }, line.text);
  const side = line.from === me ? 'mine' : line.from === 'bot' ? 'bot' : 'theirs';
  const who = line.from === me ? 'You' : (line.name ?? names[line.from] ?? line.from);
  return el('li', { class: side, 'data-from': line.from }, el('span', { class: 'who' }, who, line.at ? ` · ${clockTime(line.at)}` : ''), line.text);
}
