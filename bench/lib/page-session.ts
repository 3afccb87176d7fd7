/**
 * A browser session for the bench's signed-in pages: the sign-in form fetched and posted as a
 * browser would (its CSRF cookie and field), and the `et_session` cookie it answers with (ADR 0020).
 */
const cookieNamed = (res: Response, name: string) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .find((c) => c.startsWith(`${name}=`));

/** `Cookie` header value of a signed-in browser: the session and its CSRF id. */
export async function pageSessionCookie(base: string, username: string, password: string): Promise<string> {
  const form = await fetch(`${base}/login`, { signal: AbortSignal.timeout(30_000) });
  const csrfCookie = cookieNamed(form, 'et_csrf');
  const token = /name="_csrf" value="([0-9a-f]+)"/.exec(await form.text())?.[1];
  if (!csrfCookie || !token) throw new Error('sign-in page: no CSRF cookie or field');
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: csrfCookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: token, username, password, next: '/' }),
    signal: AbortSignal.timeout(30_000),
  });
  await res.body?.cancel();
  const session = cookieNamed(res, 'et_session');
  if (res.status !== 303 || !session) throw new Error(`sign-in of ${username}: ${res.status}, no session cookie`);
  return `${session}; ${cookieNamed(res, 'et_csrf') ?? csrfCookie}`;
}
