import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBuildEntries, findProductionPackages } from './build-entries.finder';
import { importMetaUrlPlugin, type TAsset } from './import-meta-url.plugin';

const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

describe('build entries', () => {
  it('are the server and every *.worker.ts of the packages it runs with, not the emulator', async () => {
    const entries = await findBuildEntries(REPO_ROOT);
    expect(entries[0]).toEqual({ name: 'main', source: path.join(REPO_ROOT, 'apps/server/src/main.ts') });
    expect(entries.map((entry) => entry.name)).toContain('sync-run.worker');
    const packages = (await findProductionPackages(REPO_ROOT)).map((pkg) => pkg.name);
    expect(packages).toEqual(expect.arrayContaining(['@wac/server', '@wac/db', '@wac/directory-sync']));
    expect(packages).not.toContain('@wac/google-workspace-emulator');
    expect(packages).not.toContain('@wac/web');
  });
});

describe('import.meta.url rewriting', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'wac-build-'));
    await mkdir(path.join(dir, 'src/deep'), { recursive: true });
    await mkdir(path.join(dir, 'migrations'));
    await writeFile(path.join(dir, 'migrations/001.sql'), 'select 1;');
    await writeFile(path.join(dir, 'src/deep/job.worker.ts'), 'export {};');
    await writeFile(
      path.join(dir, 'src/deep/host.ts'),
      [
        "export const worker = new URL('./job.worker.ts', import.meta.url);",
        "export const migrations = new URL('../../migrations', import.meta.url);",
      ].join('\n'),
    );
    await writeFile(path.join(dir, 'src/main.ts'), "export * from './deep/host';");
    await writeFile(
      path.join(dir, 'src/stray.ts'),
      "export const x = new URL('./deep/host.ts', import.meta.url);",
    );
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const bundle = (entry: string, assets: Map<string, TAsset>) =>
    build({
      entryPoints: [{ in: path.join(dir, entry), out: 'main' }],
      outdir: path.join(dir, 'dist'),
      bundle: true,
      format: 'esm',
      platform: 'node',
      write: false,
      logLevel: 'silent',
      plugins: [
        importMetaUrlPlugin({
          repoRoot: dir,
          entries: [{ name: 'job.worker', source: path.join(dir, 'src/deep/job.worker.ts') }],
          assets,
        }),
      ],
    });

  it('points workers at their built file and assets into dist/assets, relative to dist', async () => {
    const assets = new Map<string, TAsset>();
    const result = await bundle('src/main.ts', assets);
    const code = result.outputFiles[0]?.text ?? '';
    expect(code).toContain('new URL("./job.worker.js", import.meta.url)');
    expect(code).toContain('new URL("./assets/migrations", import.meta.url)');
    expect([...assets.values()]).toEqual([
      { source: path.join(dir, 'migrations'), target: 'assets/migrations' },
    ]);
  });

  it('refuses a TypeScript file loaded by URL that is not a build entry', async () => {
    await expect(bundle('src/stray.ts', new Map())).rejects.toThrow(
      /not a build entry; name it \*\.worker\.ts/,
    );
  });
});
