import { readdir, readFile } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';

export type TBuildEntry = {
  /** Output name without extension: dist/<name>.js. */
  name: string;
  /** Absolute path of the TypeScript source. */
  source: string;
};

type TManifest = { name: string; dependencies?: Record<string, string> };

const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'generated', 'test', 'e2e']);

async function readManifest(dir: string): Promise<TManifest> {
  return JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as TManifest;
}

export type TWorkspacePackage = {
  name: string;
  dir: string;
  /** Names leading from the server to this package through production dependencies ([] for the server). */
  chain: string[];
};

/** The server and every workspace package it depends on in production, transitively. */
export async function findProductionPackages(repoRoot: string): Promise<TWorkspacePackage[]> {
  const dirsByName = new Map<string, string>();
  for (const parent of ['apps', 'packages']) {
    for (const entry of await readdir(join(repoRoot, parent), { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const dir = join(repoRoot, parent, entry.name);
      const manifest = await readManifest(dir).catch(() => null);
      if (manifest !== null) dirsByName.set(manifest.name, dir);
    }
  }
  const found = new Map<string, TWorkspacePackage>();
  const queue: Array<{ name: string; chain: string[] }> = [{ name: '@wac/server', chain: [] }];
  while (queue.length > 0) {
    const { name, chain } = queue.shift() as { name: string; chain: string[] };
    const dir = dirsByName.get(name);
    if (found.has(name) || dir === undefined) continue;
    found.set(name, { name, dir, chain });
    const { dependencies = {} } = await readManifest(dir);
    for (const [dep, range] of Object.entries(dependencies)) {
      if (range.startsWith('workspace:')) queue.push({ name: dep, chain: [...chain, dep] });
    }
  }
  return [...found.values()];
}

async function findWorkerSources(dir: string): Promise<string[]> {
  const found: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) found.push(...(await findWorkerSources(join(dir, entry.name))));
    } else if (entry.name.endsWith('.worker.ts')) {
      found.push(join(dir, entry.name));
    }
  }
  return found;
}

/**
 * The server's entry plus every worker-thread entry (`*.worker.ts`, the role suffix the project
 * gives them) in the server and the workspace packages it runs with, found afresh on every build so
 * a worker added tomorrow is compiled without touching this file. Workers land next to main.js
 * under their own file name, which must therefore be unique.
 */
export async function findBuildEntries(repoRoot: string): Promise<TBuildEntry[]> {
  const workers: string[] = [];
  for (const pkg of await findProductionPackages(repoRoot)) {
    workers.push(...(await findWorkerSources(join(pkg.dir, 'src'))));
  }
  const entries: TBuildEntry[] = [{ name: 'main', source: join(repoRoot, 'apps/server/src/main.ts') }];
  const byName = new Map<string, string>();
  for (const source of workers.sort()) {
    const name = basename(source, '.ts');
    const clash = byName.get(name);
    if (clash !== undefined) {
      throw new Error(
        `Two worker entries share the file name ${name}.ts (${relative(repoRoot, clash)} and ${relative(repoRoot, source)}); rename one.`,
      );
    }
    byName.set(name, source);
    entries.push({ name, source });
  }
  return entries;
}
