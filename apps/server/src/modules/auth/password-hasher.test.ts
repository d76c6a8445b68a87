import { describe, expect, it } from 'vitest';
import { createPasswordHasher } from './password-hasher';

describe('password hasher', () => {
  const hasher = createPasswordHasher({ memoryCost: 1024, timeCost: 1, parallelism: 1 });

  it('produces salted argon2id hashes that verify only the right password', async () => {
    const first = await hasher.hash('correct horse');
    const second = await hasher.hash('correct horse');
    expect(first).toMatch(/^\$argon2id\$v=19\$m=1024,t=1,p=1\$/);
    expect(second).not.toBe(first);
    expect(await hasher.verify(first, 'correct horse')).toBe(true);
    expect(await hasher.verify(first, 'correct horsE')).toBe(false);
  });

  it('uses the OWASP baseline cost by default', async () => {
    expect(await createPasswordHasher().hash('x')).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('treats a malformed stored hash as a wrong password instead of throwing', async () => {
    expect(await hasher.verify('not-a-hash', 'anything')).toBe(false);
    expect(await hasher.verify('', 'anything')).toBe(false);
  });
});
