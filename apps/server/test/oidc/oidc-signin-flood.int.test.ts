import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_OPEN_REQUESTS_PER_BROWSER } from '../../src/modules/oidc/oidc-flow.service';
import { startOidcHarness, type TOidcHarness } from './oidc-harness';

describe('GET /oidc/signin under a flood', () => {
  let h: TOidcHarness;

  beforeAll(async () => {
    h = await startOidcHarness({ env: { OIDC_SIGNIN_RATE_LIMIT: '12' } });
  });

  afterAll(async () => {
    await h?.close();
  });

  const start = (remoteAddress: string, cookie?: string) =>
    h.app.inject({ method: 'GET', url: '/oidc/signin', remoteAddress, headers: cookie ? { cookie } : {} });

  it('keeps at most a few open sign-in requests per browser, the newest', async () => {
    const first = await start('192.0.2.70');
    expect(first.statusCode).toBe(302);
    const binding = first.cookies.find((cookie) => cookie.name === 'wac_oidc_binding')?.value;
    expect(binding).toBeDefined();
    const before = await h.database.prisma.oidcAuthRequest.count();
    for (let index = 0; index < 8; index += 1) {
      expect((await start('192.0.2.70', `wac_oidc_binding=${binding}`)).statusCode).toBe(302);
    }
    expect(await h.database.prisma.oidcAuthRequest.count()).toBe(
      Math.min(before + 8, MAX_OPEN_REQUESTS_PER_BROWSER),
    );
  });

  it('limits sign-in requests per address, not for other addresses', async () => {
    const statuses: number[] = [];
    for (let index = 0; index < 14; index += 1) statuses.push((await start('198.51.100.70')).statusCode);
    expect(statuses.slice(0, 12)).toEqual(Array(12).fill(302));
    expect(statuses.slice(12)).toEqual([429, 429]);
    const rowsAfterFlood = await h.database.prisma.oidcAuthRequest.count();
    const refused = await start('198.51.100.70');
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error).toMatchObject({ code: 'TOO_MANY_ATTEMPTS' });
    expect(refused.headers['retry-after']).toBeDefined();
    expect(await h.database.prisma.oidcAuthRequest.count()).toBe(rowsAfterFlood);
    expect((await start('198.51.100.71')).statusCode).toBe(302);
  });
});
