import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The package boundaries are rules in biome.json (noRestrictedImports per folder). These tests
// prove each rule bites: the repository's own biome.json is copied into an empty folder, probe
// files that break (or keep) a boundary are written at the paths the rules name, and biome must
// report exactly the breaking ones.

const run = promisify(execFile);
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIOME = path.join(REPO_ROOT, 'node_modules', '.bin', 'biome');
const RULE = 'lint/style/noRestrictedImports';

/** `names`: what the probe imports (default: everything, as a namespace). */
type TProbe = { file: string; from: string; names?: string };

const VIOLATIONS: Record<string, TProbe> = {
  'a package imports the server by name': { file: 'packages/google/src/probe.ts', from: '@wac/server' },
  'a package test imports server source by path': {
    file: 'packages/directory-sync/test/probe.test.ts',
    from: '../../../apps/server/src/app',
  },
  'a package imports the console': { file: 'packages/archive/src/probe.ts', from: '@wac/web' },
  'package production code imports the emulator': {
    file: 'packages/google/src/probe-emulator.ts',
    from: '@wac/google-workspace-emulator',
  },
  'server production code imports the emulator': {
    file: 'apps/server/src/modules/probe.ts',
    from: '@wac/google-workspace-emulator',
  },
  'console code imports the emulator by path': {
    file: 'apps/web/src/probe.tsx',
    from: '../../../packages/google-workspace-emulator/src/index',
  },
  'the console imports the database package': { file: 'apps/web/src/api/probe.ts', from: '@wac/db' },
  'the console imports server source by path': {
    file: 'apps/web/src/pages/probe.tsx',
    from: '../../../server/src/config/env',
  },
  "the console imports the contract's zod schemas": {
    file: 'apps/web/src/api/probe-schemas.ts',
    from: '@wac/api-contract',
    names: '{ ZGoogleConnection }',
  },
  'a benchmark imports server source': {
    file: 'bench/probe.bench.ts',
    from: '../apps/server/src/config/env',
  },
  'a script imports a package by its src path': {
    file: 'scripts/probe.ts',
    from: '../packages/db/src/index',
  },
};

const ALLOWED: Record<string, TProbe> = {
  'a package test uses the emulator': {
    file: 'packages/google/test/probe.test.ts',
    from: '@wac/google-workspace-emulator',
  },
  'a server test uses the emulator': {
    file: 'apps/server/test/probe.int.test.ts',
    from: '@wac/google-workspace-emulator',
  },
  'the emulator itself': { file: 'packages/google-workspace-emulator/src/probe.ts', from: '@wac/google' },
  'a package uses the API contract': {
    file: 'packages/directory-sync/src/probe.ts',
    from: '@wac/api-contract/privileges',
  },
  "the console uses the API contract's types": {
    file: 'apps/web/src/api/probe-ok.ts',
    from: '@wac/api-contract',
    names: 'type { TGoogleConnection }',
  },
  'the console uses the privilege list': {
    file: 'apps/web/src/lib/probe-ok.ts',
    from: '@wac/api-contract/privileges',
    names: '{ PRIVILEGES }',
  },
  "a benchmark uses the server's public entry": { file: 'bench/probe-ok.bench.ts', from: '@wac/server' },
  'a script uses the emulator': { file: 'scripts/probe-ok.ts', from: '@wac/google-workspace-emulator' },
};

type TBiomeReport = { diagnostics: { category: string; location: { path: string | { file: string } } }[] };

async function lint(cwd: string, args: string[]): Promise<TBiomeReport> {
  // biome exits non-zero when it reports an error; the JSON report is on stdout either way.
  const result = await run(BIOME, ['lint', '--reporter=json', ...args], { cwd, maxBuffer: 32 << 20 }).catch(
    (error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }),
  );
  return JSON.parse(result.stdout) as TBiomeReport;
}

function pathOf(location: TBiomeReport['diagnostics'][number]['location']): string {
  return typeof location.path === 'string' ? location.path : location.path.file;
}

describe('package boundaries in biome.json', () => {
  let root: string;
  let flagged: Set<string>;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'wac-boundaries-'));
    const config = JSON.parse(await readFile(path.join(REPO_ROOT, 'biome.json'), 'utf8'));
    delete config.$schema;
    // The probe folder is no git checkout.
    config.vcs = { enabled: false };
    await writeFile(path.join(root, 'biome.json'), JSON.stringify(config));
    for (const probe of [...Object.values(VIOLATIONS), ...Object.values(ALLOWED)]) {
      await mkdir(path.join(root, path.dirname(probe.file)), { recursive: true });
      const text = probe.names
        ? `import ${probe.names} from '${probe.from}';\n\nexport const probe = ${probe.names.replace('type ', '')};\n`
        : `import * as probe from '${probe.from}';\n\nexport { probe };\n`;
      await writeFile(path.join(root, probe.file), text);
    }
    const report = await lint(root, ['.']);
    flagged = new Set(report.diagnostics.filter((d) => d.category === RULE).map((d) => pathOf(d.location)));
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it.each(Object.entries(VIOLATIONS))('rejects %s', (_, probe) => {
    expect(flagged).toContain(probe.file);
  });

  it.each(Object.entries(ALLOWED))('allows %s', (_, probe) => {
    expect(flagged).not.toContain(probe.file);
  });

  it('finds no boundary broken in the repository itself', async () => {
    const report = await lint(REPO_ROOT, [
      `--only=style/noRestrictedImports`,
      'apps',
      'packages',
      'bench',
      'scripts',
    ]);
    expect(report.diagnostics.map((d) => `${pathOf(d.location)}: ${d.category}`)).toEqual([]);
  });
});
