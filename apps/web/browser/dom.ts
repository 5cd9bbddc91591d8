/** A few lines instead of a framework: build elements, format times. */

type Child = Node | string | number | false | null | undefined;
type Attribute = string | number | boolean | undefined | ((event: Event) => void);

/** `el('button', { class: 'danger', onclick: close }, 'Close')`: `on*` functions listen, `true` sets a bare attribute. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, Attribute> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (value === true) element.setAttribute(name, '');
    else if (value !== false && value !== undefined) element.setAttribute(name, String(value));
  }
  append(element, children);
  return element;
}

export function append(parent: Element, children: Child[]): void {
  for (const child of children) {
    if (child === false || child === null || child === undefined) continue;
    parent.append(child instanceof Node ? child : String(child));
  }
}

/**
 * Replaces an element's content. A keyboard user keeps their place: the focused element, when it
 * has a `data-key`, is focused again in the new content.
 */
export function fill(parent: Element, ...children: Child[]): void {
  const focused = document.activeElement;
  const key = focused && parent.contains(focused) ? focused.getAttribute('data-key') : null;
  parent.replaceChildren();
  append(parent, children);
  if (key) (parent.querySelector(`[data-key="${CSS.escape(key)}"]`) as HTMLElement | null)?.focus();
}

export function clockTime(iso: string): string {
  return new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

/** "42 s", "3 min 05 s", "1 h 02 min". */
export function elapsedSince(iso: string, now = Date.now()): string {
  return durationText((now - new Date(iso).getTime()) / 1000);
}

/** A duration as `elapsedSince` says it. */
export function durationText(totalSeconds: number): string {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${String(seconds % 60).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** The page's `data-*` values, put on `<body>` by the server. */
export function pageData(): DOMStringMap {
  return document.body.dataset;
}

/**
 * An event listener for an async step. The steps report their own failures on the page (`act` and
 * the like); one that escapes still reaches the console instead of going unnoticed.
 */
export function inBackground<E = void>(step: (event: E) => Promise<unknown>): (event: E) => void {
  return (event) => {
    step(event).catch((error: unknown) => console.error(error));
  };
}
