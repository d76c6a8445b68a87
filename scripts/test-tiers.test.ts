import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

// A test that starts the Google Workspace emulator (in process or through its CLI) talks to it over
// the network, so it is an integration test (*.int.test.ts): the unit tier stays fast and runs
// without servers. This keeps new tests in their tier.

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SELF = path.relative(REPO_ROOT, fileURLToPath(import.meta.url));
const STARTS_THE_EMULATOR =
  /\bstart(Sample)?Emulator\(|google-workspace-emulator\/src\/cli\.ts|\.\.\/src\/cli\.ts/;

async function unitTestFiles(): Promise<string[]> {
  const { stdout } = await promisify(execFile)(
    'git',
    ['ls-files', '--cached', '--others', '--exclude-standard', '*.test.ts', '*.test.tsx'],
    { cwd: REPO_ROOT, maxBuffer: 16 << 20 },
  );
  return stdout
    .split('\n') // This file names the patterns it looks for, so it leaves itself out.
    .filter((file) => file !== '' && file !== SELF && !/\.(int|browser)\.test\.ts$/.test(file));
}

describe('test tiers', () => {
  it('has no unit test that starts the emulator', async () => {
    const starters: string[] = [];
    for (const file of await unitTestFiles()) {
      const text = await readFile(path.join(REPO_ROOT, file), 'utf8').catch(() => '');
      if (STARTS_THE_EMULATOR.test(text)) starters.push(file);
    }
    expect(starters).toEqual([]);
  });

  it('recognises a test that starts the emulator', () => {
    expect(STARTS_THE_EMULATOR.test('emulator = await startEmulator({ fixture });')).toBe(true);
    expect(STARTS_THE_EMULATOR.test('const CLI = new URL("../src/cli.ts", import.meta.url);')).toBe(true);
    expect(STARTS_THE_EMULATOR.test('import type { TEmulator } from "@wac/google-workspace-emulator";')).toBe(
      false,
    );
  });
});
