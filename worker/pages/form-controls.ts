import { html } from 'hono/html';
import type { PageEnv } from './page-env';
import type { MessageKey } from '../i18n';
import type { FieldErrors } from './forms';

/** The help and error lines under a control, tied to it by aria-describedby. */
function describe(env: PageEnv, id: string, help: MessageKey | undefined, error: string | undefined) {
  const ids = [help ? `${id}-help` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  const below = html`${help ? html`<small id="${id}-help">${env.t(help)}</small>` : ''}${error ? html`<p class="error" id="${id}-error">${error}</p>` : ''}`;
  const attrs = html`${ids ? html` aria-describedby="${ids}"` : ''}${error ? html` aria-invalid="true"` : ''}`;
  return { below, attrs };
}

type Base = { name: string; label: MessageKey; help?: MessageKey; id?: string };

/** A labelled textarea. */
export function textareaField(env: PageEnv, errors: FieldErrors, o: Base & { value?: string | null; rows?: number; maxlength?: number }) {
  const id = o.id ?? `f-${o.name}`;
  const d = describe(env, id, o.help, errors[o.name]);
  return html`<div class="field${errors[o.name] ? ' invalid' : ''}">
    <label for="${id}">${env.t(o.label)}</label
    ><textarea id="${id}" name="${o.name}" rows="${o.rows ?? 4}" ${o.maxlength ? html` maxlength="${o.maxlength}"` : ''}${d.attrs}>${o.value ?? ''}</textarea
    >${d.below}
  </div>`;
}

/** A labelled select; `choices` are value → already translated label. */
export function selectField(env: PageEnv, errors: FieldErrors, o: Base & { value?: string | number | null; choices: Array<[string | number, string]> }) {
  const id = o.id ?? `f-${o.name}`;
  const d = describe(env, id, o.help, errors[o.name]);
  return html`<div class="field${errors[o.name] ? ' invalid' : ''}">
    <label for="${id}">${env.t(o.label)}</label
    ><select id="${id}" name="${o.name}" ${d.attrs}>
      ${o.choices.map(([v, label]) => html`<option value="${v}" ${String(v) === String(o.value ?? '') ? html` selected` : ''}>${label}</option>`)}
    </select>
    ${d.below}
  </div>`;
}

/** A checkbox with its label after it; sent as `1` when checked, absent when not. */
export function checkField(env: PageEnv, o: Base & { checked: boolean }) {
  const id = o.id ?? `f-${o.name}`;
  const d = describe(env, id, o.help, undefined);
  return html`<div class="field check">
    <input id="${id}" type="checkbox" name="${o.name}" value="1" ${o.checked ? html` checked` : ''}${d.attrs} /><label for="${id}">${env.t(o.label)}</label
    >${d.below}
  </div>`;
}

/** A group of radio buttons in a fieldset, its legend the label. */
export function radioField(env: PageEnv, o: Base & { value: string; choices: Array<[string, string]> }) {
  return html`<fieldset>
    <legend>${env.t(o.label)}</legend>
    ${o.choices.map(
      ([v, label]) => html`<label class="choice"><input type="radio" name="${o.name}" value="${v}" ${v === o.value ? html` checked` : ''} /> ${label}</label>`,
    )}
  </fieldset>`;
}

/** A status line after a successful save (post/redirect/get: `?saved=…`). */
export function savedNotice(message: string | undefined) {
  return message ? html`<p class="notice" role="status">${message}</p>` : '';
}
