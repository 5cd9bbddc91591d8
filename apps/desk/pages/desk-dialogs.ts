/**
 * The agent console's dialogs (`<dialog>`, modal, Escape cancels): confirming that a chat should
 * close, and choosing where a chat is transferred.
 */
import { el } from '../../web/browser/dom';

/** A modal question: resolves with what the pressed button stands for, or undefined when dismissed. */
function ask<T>(label: string, body: Node[], buttons: Array<{ text: string; value: () => T | undefined; kind?: string; key: string }>): Promise<T | undefined> {
  return new Promise((resolve) => {
    let answer: T | undefined;
    const dialog = el('dialog', { class: 'confirm', 'aria-label': label });
    const choices = buttons.map((button) =>
      el(
        'button',
        {
          type: 'button',
          class: button.kind,
          'data-key': button.key,
          onclick: () => {
            answer = button.value();
            dialog.close();
          },
        },
        button.text,
      ),
    );
    dialog.append(el('h2', {}, label), ...body, el('div', { class: 'row' }, ...choices));
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(answer);
    });
    document.body.append(dialog);
    dialog.showModal();
    // The safe choice has the focus: Enter right away does not close the chat.
    choices.at(-1)?.focus();
  });
}

export interface ConfirmQuestion {
  label: string;
  text: string;
  yes: string;
  no: string;
}

export function closeDialog(who: string): ConfirmQuestion {
  return {
    label: 'Close this chat?',
    text: `${who} will see that the chat has ended, and the bot takes the conversation back. This cannot be undone.`,
    yes: 'Close chat',
    no: 'Keep it open',
  };
}

/** True when the person confirmed. */
export async function confirmDialog(question: ConfirmQuestion): Promise<boolean> {
  const answer = await ask(
    question.label,
    [el('p', {}, question.text)],
    [
      { text: question.yes, value: () => true, kind: 'danger', key: 'confirm-yes' },
      { text: question.no, value: () => false, kind: 'secondary', key: 'confirm-no' },
    ],
  );
  return answer === true;
}

export type TransferTarget = { queue: string } | { agentName: string };

/** Lets the agent pick a queue or another agent; undefined when cancelled. */
export function transferDialog(choices: {
  who: string;
  queues: string[];
  agents: Array<{ name: string; presence: string; signedIn: boolean }>;
}): Promise<TransferTarget | undefined> {
  const select = el(
    'select',
    { 'aria-label': 'Transfer to' },
    el('optgroup', { label: 'Queues' }, ...choices.queues.map((name) => el('option', { value: `queue:${name}` }, name))),
    el(
      'optgroup',
      { label: 'Agents' },
      ...choices.agents.map((agent) => el('option', { value: `agent:${agent.name}` }, `${agent.name} (${agent.signedIn ? agent.presence : 'signed out'})`)),
    ),
  );
  return ask<TransferTarget>(
    'Transfer this chat',
    [
      el('p', {}, `Hand ${choices.who}'s chat to a queue (it waits there for the next agent) or to another agent (it moves to them now).`),
      el('label', {}, 'Transfer to', select),
    ],
    [
      {
        text: 'Transfer',
        key: 'transfer-yes',
        value: () => {
          const [kind, ...rest] = select.value.split(':');
          const name = rest.join(':');
          if (!name) return undefined;
          return kind === 'queue' ? { queue: name } : { agentName: name };
        },
      },
      { text: 'Cancel', value: () => undefined, kind: 'secondary', key: 'transfer-no' },
    ],
  );
}
