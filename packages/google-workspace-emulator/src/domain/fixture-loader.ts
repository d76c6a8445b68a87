import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type TDomainFixture, ZDomainFixture } from './fixture.schema';

export const SAMPLE_FIXTURE_PATH = fileURLToPath(new URL('../fixtures/sample-domain.json', import.meta.url));

/** Reads and validates a fixture file; a malformed one fails with zod's list of what is wrong. */
export async function loadFixture(path: string): Promise<TDomainFixture> {
  const text = await readFile(path, 'utf8');
  return ZDomainFixture.parse(JSON.parse(text));
}

export function loadSampleFixture(): Promise<TDomainFixture> {
  return loadFixture(SAMPLE_FIXTURE_PATH);
}
