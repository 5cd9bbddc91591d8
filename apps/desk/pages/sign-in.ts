/** The desk's sign-in form, shown by each desk page an agent opens without a session; signing in reloads the page. */
import { callApi, messageOf } from '../../web/browser/api';
import { el, inBackground } from '../../web/browser/dom';

/** Replaces the page with the form; `api` is the desk's `/desk/api`, `title` the page's heading. */
export function showSignIn(api: string, title: string): void {
  const alert = el('div', { class: 'alert', role: 'alert' });
  const name = el('input', { type: 'text', name: 'username', autocomplete: 'username', maxlength: 100, required: true });
  const password = el('input', { type: 'password', name: 'password', autocomplete: 'current-password', maxlength: 1000, required: true });
  const submit = el('button', { type: 'submit' }, 'Sign in');
  const form = el(
    'form',
    { class: 'card stack narrow', 'aria-label': 'Sign in to the desk' },
    el('h2', {}, 'Sign in'),
    el('p', { class: 'muted' }, 'The desk shows what users told it: only its agents may see it.'),
    el('label', {}, 'Your name', name),
    el('label', {}, 'Password', password),
    el('div', { class: 'row' }, submit),
  );
  form.addEventListener(
    'submit',
    inBackground(async (event: SubmitEvent) => {
      event.preventDefault();
      submit.disabled = true;
      try {
        await callApi('POST', `${api}/session`, { name: name.value, password: password.value });
        location.reload();
      } catch (error) {
        alert.textContent = messageOf(error);
        password.value = '';
        password.focus();
        submit.disabled = false;
      }
    }),
  );
  document.body.replaceChildren(el('header', { class: 'top' }, el('h1', {}, title)), el('main', { class: 'page narrow stack' }, alert, form));
  name.focus();
}
