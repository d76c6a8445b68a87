import { lstat, mkdir, readFile, realpath, rm, symlink } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';

/**
 * What the bundle imports from node_modules: each third-party package with the workspace packages
 * that import it, each given as its chain of names from the server (see findProductionPackages).
 */
export type TExternalsManifest = {
  packages: Record<string, { importers: string[][] }>;
};

export const EXTERNALS_MANIFEST = 'externals.json';

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}

/** Node's lookup of a bare specifier's package folder: node_modules/<name> in this folder or a parent. */
async function findPackageDir(fromDir: string, name: string): Promise<string | null> {
  let dir = fromDir;
  for (;;) {
    const candidate = join(dir, 'node_modules', name);
    if (await exists(join(candidate, 'package.json'))) return realpath(candidate);
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

async function importerDir(serverDir: string, chain: string[]): Promise<string> {
  let dir = await realpath(serverDir);
  for (const name of chain) {
    const next = await findPackageDir(dir, name);
    if (next === null) throw new Error(`${name} is not installed beside ${dir}`);
    dir = next;
  }
  return dir;
}

/**
 * The bundle keeps third-party packages external, but it sits in the server's folder, from where
 * pnpm's strict layout shows only the server's own dependencies. So each package a bundled
 * workspace package imports gets a relative symlink in dist/node_modules to the copy that package
 * would load itself; Node finds it walking up from the bundle and follows it to its real folder,
 * where its own dependencies resolve as usual. Run after every install (the workspace, or a
 * `pnpm deploy` tree); two importers that would load different copies stop the build.
 */
export async function linkExternals(options: { serverDir: string; distDir: string }): Promise<number> {
  const manifest = JSON.parse(
    await readFile(join(options.distDir, EXTERNALS_MANIFEST), 'utf8'),
  ) as TExternalsManifest;
  const linkRoot = join(options.distDir, 'node_modules');
  await rm(linkRoot, { recursive: true, force: true });
  const problems: string[] = [];
  let linked = 0;
  for (const [name, { importers }] of Object.entries(manifest.packages)) {
    const targets = new Map<string, string>();
    for (const chain of importers) {
      const from = await importerDir(options.serverDir, chain);
      const target = await findPackageDir(from, name);
      const importer = chain.at(-1) ?? 'the server';
      if (target === null) problems.push(`${name}, imported by ${importer}, is not installed`);
      else targets.set(target, importer);
    }
    if (targets.size > 1) {
      const which = [...targets].map(([target, importer]) => `${importer} -> ${target}`).join(', ');
      problems.push(`${name} resolves to different copies (${which}); align the versions`);
      continue;
    }
    const [target] = [...targets.keys()];
    if (target === undefined) continue;
    const link = join(linkRoot, name);
    await mkdir(dirname(link), { recursive: true });
    await symlink(relative(dirname(link), target), link, 'dir');
    linked += 1;
  }
  if (problems.length > 0)
    throw new Error(`Cannot link the bundle's dependencies:\n  ${problems.join('\n  ')}`);
  return linked;
}
