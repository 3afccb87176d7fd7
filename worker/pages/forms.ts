import { html } from 'hono/html';
import type { z } from 'zod';
import type { PageEnv } from './page-env';
import type { MessageKey } from '../i18n';

/** Field name → message, for a form shown again after a failed submission. */
export type FieldErrors = Record<string, string>;

type FieldOptions = {
  name: string;
  label: MessageKey;
  type?: string;
  value?: string;
  help?: MessageKey;
  required?: boolean;
  autocomplete?: string;
  attrs?: Record<string, string>;
  /** When one page has two fields of one name; `f-<name>` otherwise. */
  id?: string;
};

/** A labelled input with its help and error text tied to it (aria-describedby), usable by keyboard and screen readers. */
export function field(env: PageEnv, errors: FieldErrors, o: FieldOptions) {
  const id = o.id ?? `f-${o.name}`;
  const error = errors[o.name];
  const describedBy = [o.help ? `${id}-help` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  const extra = Object.entries(o.attrs ?? {}).map(([k, v]) => html` ${k}="${v}"`);
  return html`<div class="field${error ? ' invalid' : ''}">
    <label for="${id}">${env.t(o.label)}</label>
    <input
      id="${id}"
      name="${o.name}"
      type="${o.type ?? 'text'}"
      value="${o.value ?? ''}"
      ${o.required ? html` required` : ''}${o.autocomplete ? html` autocomplete="${o.autocomplete}"` : ''}${describedBy ? html` aria-describedby="${describedBy}"` : ''}${error ? html` aria-invalid="true"` : ''}${extra}
    />
    ${o.help ? html`<small id="${id}-help">${env.t(o.help)}</small>` : ''} ${error ? html`<p class="error" id="${id}-error">${error}</p>` : ''}
  </div>`;
}

/** The form-level alert shown above a form that failed. */
export function formAlert(message: string | undefined) {
  return message ? html`<p class="alert" role="alert">${message}</p>` : '';
}

/** zod issues as field errors; the first issue of each field wins. Messages come from the validators (PeerTube's wording). */
export function zodFieldErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const name = issue.path.join('.');
    if (!out[name]) out[name] = issue.message;
  }
  return out;
}

/** A form field as a string: parseBody gives string | File | (string | File)[]. */
export function formString(body: Record<string, unknown>, name: string): string | undefined {
  const v = body[name];
  return typeof v === 'string' ? v : undefined;
}
