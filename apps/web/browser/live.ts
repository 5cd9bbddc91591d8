/** A page's live feed: server-sent events, reconnected by the browser, with a visible state. */

export function listen<T>(url: string, onEvent: (data: T) => void, indicator?: HTMLElement): EventSource {
  const source = new EventSource(url);
  const show = (live: boolean) => {
    if (!indicator) return;
    indicator.className = `live ${live ? 'on' : 'off'}`;
    indicator.textContent = live ? 'live' : 'reconnecting...';
  };
  source.onopen = () => show(true);
  source.onerror = () => show(false);
  source.onmessage = (message) => onEvent(JSON.parse(message.data) as T);
  return source;
}
