/** Minimal browser-like client over real HTTP: keeps cookies and the CSRF token. */
export function createHttpClient(baseUrl: string) {
  const cookies = new Map<string, string>();
  let csrfToken = '';

  const remember = (response: Response) => {
    for (const header of response.headers.getSetCookie()) {
      const [pair = ''] = header.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(header)) cookies.delete(name);
      else cookies.set(name, value);
    }
  };

  const send = async (
    method: string,
    pathname: string,
    body?: unknown,
    raw?: { payload: Buffer; contentType: string },
  ) => {
    const headers: Record<string, string> = {
      cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; '),
    };
    if (method !== 'GET') headers['x-csrf-token'] = csrfToken;
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (raw !== undefined) headers['content-type'] = raw.contentType;
    const response = await fetch(`${baseUrl}${pathname}`, {
      method,
      headers,
      body:
        raw !== undefined
          ? new Uint8Array(raw.payload)
          : body === undefined
            ? undefined
            : JSON.stringify(body),
    });
    remember(response);
    return response;
  };

  return {
    cookies,
    get: (pathname: string) => send('GET', pathname),
    post: (pathname: string, body?: unknown) => send('POST', pathname, body),
    put: (pathname: string, body?: unknown) => send('PUT', pathname, body),
    /** A body already encoded (multipart/form-data from multipartBody, say). */
    postRaw: (pathname: string, raw: { payload: Buffer; contentType: string }) =>
      send('POST', pathname, undefined, raw),
    async signIn(userName: string, password: string) {
      const session = await send('GET', '/api/auth/session');
      csrfToken = ((await session.json()) as { csrfToken: string }).csrfToken;
      const response = await send('POST', '/api/auth/sign-in', { userName, password });
      if (response.status !== 200)
        throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
      const body = (await response.json()) as { csrfToken: string; user: { id: string } };
      csrfToken = body.csrfToken;
      return body.user;
    },
  };
}
