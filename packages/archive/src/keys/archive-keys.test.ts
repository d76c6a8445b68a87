import { describe, expect, it } from 'vitest';
import { deriveArchiveKeys } from './archive-keys';

describe('deriveArchiveKeys', () => {
  it('derives two distinct 32-byte keys, the same ones every time for one master key', () => {
    const master = Buffer.alloc(32, 1);
    const keys = deriveArchiveKeys(master);
    expect(keys.addressKey).toHaveLength(32);
    expect(keys.encryptionKey).toHaveLength(32);
    expect(keys.addressKey.equals(keys.encryptionKey)).toBe(false);
    expect(keys.addressKey.equals(master)).toBe(false);
    expect(deriveArchiveKeys(Buffer.alloc(32, 1))).toEqual(keys);
    expect(deriveArchiveKeys(Buffer.alloc(32, 2)).addressKey.equals(keys.addressKey)).toBe(false);
  });

  it('refuses a short master key', () => {
    expect(() => deriveArchiveKeys(Buffer.alloc(16))).toThrow(/at least 32 bytes/);
  });
});
