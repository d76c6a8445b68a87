import { hash, verify } from '@node-rs/argon2';

// @node-rs/argon2 declares Algorithm as an ambient const enum, which isolatedModules cannot read;
// 2 is its Argon2id member.
const ARGON2ID = 2;

export type TPasswordHasher = {
  hash(password: string): Promise<string>;
  verify(passwordHash: string, password: string): Promise<boolean>;
};

export type TArgon2Cost = { memoryCost: number; timeCost: number; parallelism: number };

// OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane): ~50 ms here, acceptable for an admin sign-in.
export const DEFAULT_ARGON2_COST: TArgon2Cost = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function createPasswordHasher(cost: TArgon2Cost = DEFAULT_ARGON2_COST): TPasswordHasher {
  const options = { ...cost, algorithm: ARGON2ID };
  return {
    hash: (password) => hash(password, options),
    async verify(passwordHash, password) {
      try {
        return await verify(passwordHash, password);
      } catch {
        // A malformed stored hash must read as "wrong password", not as a 500 that reveals the account.
        return false;
      }
    },
  };
}
