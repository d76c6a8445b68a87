import { describe, expect, it } from 'vitest';
import { countingTokenErrors } from './token-error.counter';

const TOKEN_BODY = new URLSearchParams({
  grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
  assertion: 'x.y.z',
}).toString();

function harness(answer: () => Promise<Response>) {
  const kinds: string[] = [];
  const fetch = countingTokenErrors(answer, (kind) => kinds.push(kind));
  const token = () => fetch('http://127.0.0.1:9/token', { method: 'POST', body: TOKEN_BODY });
  return { kinds, fetch, token };
}

describe('countingTokenErrors', () => {
  it("counts a refused token by Google's OAuth error code", async () => {
    const { kinds, token } = harness(async () =>
      Response.json(
        { error: 'unauthorized_client', error_description: 'Client is unauthorized' },
        { status: 401 },
      ),
    );
    const response = await token();
    // The caller still reads the body: counting cloned it.
    expect(await response.json()).toMatchObject({ error: 'unauthorized_client' });
    expect(kinds).toEqual(['unauthorized_client']);
  });

  it('folds unknown codes and pages into a few kinds, and counts no answer as unreachable', async () => {
    expect(
      await (async () => {
        const h = harness(async () => Response.json({ error: 'weird' }, { status: 400 }));
        await h.token();
        return h.kinds;
      })(),
    ).toEqual(['other']);
    const html = harness(async () => new Response('<html>bad gateway</html>', { status: 502 }));
    await html.token();
    expect(html.kinds).toEqual(['server_error']);
    const down = harness(async () => {
      throw new TypeError('fetch failed');
    });
    await expect(down.token()).rejects.toThrow('fetch failed');
    expect(down.kinds).toEqual(['unreachable']);
  });

  it('ignores successful tokens and every other request', async () => {
    const ok = harness(async () => Response.json({ access_token: 't', expires_in: 3600 }));
    await ok.token();
    const directory = harness(async () => Response.json({ error: { code: 403 } }, { status: 403 }));
    await directory.fetch('http://127.0.0.1:9/admin/directory/v1/users');
    expect([...ok.kinds, ...directory.kinds]).toEqual([]);
  });
});
