import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import type { AppEnv } from '../http/context';
import type { Config } from '../config';
import type { Viewer } from '../services/viewer';
import { getCustomConfig, type CustomConfig } from '../services/instance-settings';
import { chooseLocale, translator, type Locale, type Translate } from '../i18n';
import { csrfToken } from '../http/csrf';
import { countUnreadNotifications } from '../services/notification-list';

/** The language the visitor chose on /language; read before Accept-Language. */
export const LOCALE_COOKIE = 'et_lang';

/** What every page template gets: who is looking, in which language, on which instance. */
export type PageEnv = {
  config: Config;
  custom: CustomConfig;
  instanceName: string;
  locale: Locale;
  t: Translate;
  viewer?: Viewer;
  /** Unread notifications of the signed-in user, for the nav. */
  unreadNotifications?: number;
  /** The CSRF token for this browser's forms; set for signed-in visitors (the sign-out form) and on form pages. */
  csrf?: string;
};

/**
 * Builds the PageEnv for a request. Anonymous pages without forms stay free of cookies, so the
 * edge cache can keep them; they differ by language only, hence `Vary: Accept-Language, Cookie`.
 */
export async function pageEnv<E extends AppEnv>(c: Context<E>, options: { form?: boolean } = {}): Promise<PageEnv> {
  const { db, config, viewer } = c.var;
  const [custom, unreadNotifications] = await Promise.all([getCustomConfig(db, config), viewer ? countUnreadNotifications(db, viewer.userId) : undefined]);
  // A signed-in user's saved language comes first, then this browser's choice, then Accept-Language.
  const locale = chooseLocale(viewer?.language ?? getCookie(c, LOCALE_COOKIE), c.req.header('accept-language'));
  c.header('content-language', locale);
  c.header('vary', 'Accept, Accept-Language, Cookie');
  // Pages hold forms and signed-in state: no other site may frame them (clickjacking).
  c.header('content-security-policy', "frame-ancestors 'none'");
  const csrf = viewer || options.form ? await csrfToken(c) : undefined;
  return { config, custom, instanceName: custom.instance.name, locale, t: translator(locale), viewer, csrf, unreadNotifications };
}
