import { Hono } from 'hono';
import { html } from 'hono/html';
import { setCookie, deleteCookie } from 'hono/cookie';
import type { AppEnv } from '../http/context';
import { requireCsrf } from '../http/csrf';
import { isLocale, LOCALE_NAMES, LOCALES } from '../i18n';
import { LOCALE_COOKIE, pageEnv } from './page-env';
import { csrfField, layout } from './layout';
import { formString } from './forms';
import { safeNext } from './auth';
import { updateMe } from '../services/users';

/** /language: the interface language, kept in a cookie so it works signed out too. */
export function languagePages() {
  const app = new Hono<AppEnv>();

  app.get('/language', async (c) => {
    const env = await pageEnv(c, { form: true });
    const { t } = env;
    const body = html`<section class="narrow">
      <h1>${t('language.title')}</h1>
      <form method="post" action="/language" class="stack">
        ${csrfField(env)}
        <input type="hidden" name="next" value="${safeNext(c.req.query('next') ?? c.req.header('referer')?.replace(env.config.publicUrl, ''))}" />
        <fieldset>
          <legend>${t('language.intro')}</legend>
          ${Object.keys(LOCALES).map((code) => html`<label class="choice"><input type="radio" name="locale" value="${code}" ${code === env.locale ? html` checked` : ''} /> <span lang="${code}">${LOCALE_NAMES[code as keyof typeof LOCALE_NAMES]}</span></label>`)}
          <label class="choice"><input type="radio" name="locale" value="auto" /> ${t('language.auto')}</label>
        </fieldset>
        <button type="submit">${t('language.save')}</button>
      </form>
    </section>`;
    return c.html(layout(env, { title: t('language.title') }, body));
  });

  app.post('/language', requireCsrf(), async (c) => {
    const body = await c.req.parseBody();
    const locale = formString(body, 'locale');
    const secure = c.var.config.publicUrl.startsWith('https:');
    if (isLocale(locale)) setCookie(c, LOCALE_COOKIE, locale, { path: '/', sameSite: 'Lax', secure, httpOnly: true, maxAge: 365 * 24 * 3600 });
    else deleteCookie(c, LOCALE_COOKIE, { path: '/' });
    // Signed in, the choice is saved on the user too, so it follows them to other browsers.
    if (c.var.viewer) await updateMe(c.var.db, c.var.viewer, { language: isLocale(locale) ? locale : null });
    return c.redirect(safeNext(formString(body, 'next')), 303);
  });

  return app;
}
