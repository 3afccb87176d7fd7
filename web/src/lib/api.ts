// Calls to the instance's own REST API from its pages: the session cookie authenticates, and
// every write carries the page's CSRF token (docs/adr/0020).

export function csrfToken(): string {
  return document.querySelector<HTMLMetaElement>('meta[name=csrf-token]')?.content ?? '';
}

export function apiFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (init.method && init.method !== 'GET') headers.set('x-csrf-token', csrfToken());
  return fetch(path, { ...init, headers, credentials: 'same-origin' });
}

/** The page's messages, rendered by the server from its catalogue into a JSON script tag. */
export function pageMessages<T extends Record<string, string>>(id: string): T {
  const el = document.getElementById(id);
  return JSON.parse(el?.textContent || '{}') as T;
}
