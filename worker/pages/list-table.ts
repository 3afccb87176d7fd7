import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { PageEnv } from './page-env';
import { csrfField } from './layout';

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/** A column's header: its text, or `{ sr }` for a column of links or buttons, named for screen readers only. */
export type Column = string | { sr: string };

/**
 * The admin and studio lists: a `table.list` of `columns` over `rows` (each a `<tr>`), scrolling
 * sideways on a narrow screen (`scroll: false` leaves the table bare). With `empty`, no rows give
 * that sentence instead of an empty table.
 */
export function listTable(columns: Column[], rows: Html[], options: { empty?: string; scroll?: boolean } = {}) {
  if (!rows.length && options.empty !== undefined) return html`<p>${options.empty}</p>`;
  const table = html`<table class="list">
    <thead>
      <tr>
        ${columns.map((c) => (typeof c === 'string' ? html`<th scope="col">${c}</th>` : html`<th scope="col"><span class="sr">${c.sr}</span></th>`))}
      </tr>
    </thead>
    <tbody>
      ${rows}
    </tbody>
  </table>`;
  return options.scroll === false ? table : html`<div class="scroll">${table}</div>`;
}

/** A row's one-button POST form: the CSRF field, the `hidden` inputs, the button (class `secondary` unless told). */
export function rowForm(env: PageEnv, action: string, label: string, options: { hidden?: Record<string, string>; buttonClass?: string } = {}) {
  const hidden = Object.entries(options.hidden ?? {}).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}" />`);
  return html`<form method="post" action="${action}" class="inline">
    ${csrfField(env)}${hidden}<button type="submit" class="${options.buttonClass ?? 'secondary'}">${label}</button>
  </form>`;
}
