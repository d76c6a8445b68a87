import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDomain, generateDomainSource } from '../src/domain/domain-generator';
import { DomainState } from '../src/domain/domain-state';
import { startEmulator, type TEmulator } from '../src/emulator';
import { FaultKnobs } from '../src/faults/fault-knobs';
import { accessTokenFor, delegatedKey, getDirectory, requestToken } from './support/directory-client';

describe('Directory API latency knob', () => {
  let emulator: TEmulator;
  let token: string;

  beforeAll(async () => {
    emulator = await startEmulator({ directoryLatency: { fixedMs: 200 } });
    token = await accessTokenFor(emulator, delegatedKey(emulator), 'admin@example.com');
  });
  afterAll(async () => {
    await emulator.close();
  });

  const timed = async (call: () => Promise<unknown>) => {
    const started = performance.now();
    await call();
    return performance.now() - started;
  };
  const listUsers = () => getDirectory(emulator, '/users?customer=my_customer&maxResults=5', token);

  it('delays every Directory request by the fixed time, concurrently, and not the token endpoint', async () => {
    expect(emulator.faults.snapshot().directoryLatency).toEqual({ fixedMs: 200, jitterMs: 0 });
    expect(await timed(listUsers)).toBeGreaterThanOrEqual(190);
    // Four requests at once wait side by side, as Google's do: about one delay, not four.
    const together = await timed(() => Promise.all([listUsers(), listUsers(), listUsers(), listUsers()]));
    expect(together).toBeGreaterThanOrEqual(190);
    expect(together).toBeLessThan(700);
    // A delay far above what signing a token costs on a busy machine: the token endpoint skips it.
    emulator.faults.setDirectoryLatency({ fixedMs: 5_000 });
    const tokenTime = await timed(() =>
      requestToken(emulator, delegatedKey(emulator), { subject: 'admin@example.com' }),
    );
    emulator.faults.setDirectoryLatency({ fixedMs: 200 });
    expect(tokenTime).toBeLessThan(4_000);
  });

  it('is set over the control API and reset with the other knobs', async () => {
    const response = await fetch(`${emulator.url}/emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ directoryLatency: { fixedMs: 20, jitterMs: 30 } }),
    });
    expect(await response.json()).toMatchObject({ directoryLatency: { fixedMs: 20, jitterMs: 30 } });
    emulator.faults.reset();
    expect(emulator.faults.snapshot().directoryLatency).toEqual({ fixedMs: 0, jitterMs: 0 });
  });
});

describe('jitter', () => {
  it('draws fixed + 0..jitter for each Directory request, and only the general latency elsewhere', () => {
    const draws = [0, 0.5, 0.999_999];
    const knobs = new FaultKnobs(
      () => {},
      7,
      { fixedMs: 300, jitterMs: 100 },
      () => draws.shift() ?? 0,
    );
    expect([
      knobs.delayFor('directory.users.list'),
      knobs.delayFor('directory.members.list'),
      knobs.delayFor('directory.groups.get'),
    ]).toEqual([307, 357, 407]);
    expect(knobs.delayFor('oauth.token')).toBe(7);
  });
});

describe('generateDomainSource', () => {
  it('streams the same account as generateDomain, user by user, groups after', () => {
    const options = { users: 3_000, groups: 80, domains: ['a.example', 'b.example'], seed: 9 };
    const fixture = generateDomain(options);
    const source = generateDomainSource(options);
    expect(() => source.groups()).toThrow(/users before the groups/);
    const users = [...source.users];
    expect(JSON.stringify(users)).toBe(JSON.stringify(fixture.users));
    expect(JSON.stringify(source.groups())).toBe(JSON.stringify(fixture.groups));
    const fromSource = new DomainState(generateDomainSource(options), () => 0).summary();
    expect(fromSource).toEqual(new DomainState(fixture, () => 0).summary());
  });
});
