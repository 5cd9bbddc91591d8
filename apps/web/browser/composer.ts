/** A one-line message box: Enter sends, the text stays when sending fails. */
import { el, inBackground } from './dom';

export interface Composer {
  form: HTMLFormElement;
  input: HTMLInputElement;
  setEnabled(enabled: boolean, why?: string): void;
  /** Who the message goes to, as the box says it ("Write to Grace"). */
  setLabel(label: string): void;
}

/** `maxLength`: what the server takes from this writer (a user's message by default; an agent's is longer). */
export function composer(label: string, send: (text: string) => Promise<boolean>, onTyping?: () => void, maxLength = 4_000): Composer {
  const input = el('input', { type: 'text', 'aria-label': label, placeholder: label, autocomplete: 'off', maxlength: maxLength });
  const button = el('button', { type: 'submit' }, 'Send');
  const form = el('form', { class: 'composer' }, input, button);
  let enabled = true;
  form.addEventListener(
    'submit',
    inBackground(async (event: SubmitEvent) => {
      event.preventDefault();
      const text = input.value.trim();
      if (!text || !enabled) return;
      button.disabled = true;
      try {
        if (await send(text)) input.value = '';
      } finally {
        button.disabled = !enabled;
        input.focus();
      }
    }),
  );
  if (onTyping) input.addEventListener('input', onTyping);
  let current = label;
  return {
    form,
    input,
    setEnabled(value, why) {
      enabled = value;
      input.disabled = !value;
      button.disabled = !value;
      input.placeholder = value ? current : (why ?? current);
    },
    setLabel(value) {
      current = value;
      input.setAttribute('aria-label', value);
      if (enabled) input.placeholder = value;
    },
  };
}
