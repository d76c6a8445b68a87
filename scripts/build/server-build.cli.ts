import { cp, mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { build } from 'esbuild';
import { findBuildEntries, findProductionPackages } from './build-entries.finder';
import { EXTERNALS_MANIFEST, linkExternals, type TExternalsManifest } from './externals.linker';
import { externalsPlugin } from './externals.plugin';
import { importMetaUrlPlugin, type TAsset } from './import-meta-url.plugin';

/**
 * `pnpm build`, after the web console's vite build: compiles the server, its worker entries and the
 * workspace packages they import into apps/server/dist (one ES module per entry, shared chunks
 * beside them), with the assets the code finds by URL copied into dist/assets.
 * esbuild, not tsc: the sources import each other without extensions and the workspace packages
 * export TypeScript, which Node cannot load; a bundler resolves both the way tsx and vitest do.
 * Types are checked by `pnpm typecheck`, not here.
 */
const repoRoot = resolve(import.meta.dirname, '../..');
const serverDir = join(repoRoot, 'apps/server');
const distDir = join(serverDir, 'dist');

async function main(): Promise<void> {
  const startedAt = performance.now();
  const entries = await findBuildEntries(repoRoot);
  const packages = await findProductionPackages(repoRoot);
  const manifest: TExternalsManifest = { packages: {} };
  const assets = new Map<string, TAsset>();
  await rm(distDir, { recursive: true, force: true });

  await build({
    entryPoints: entries.map((entry) => ({ in: entry.source, out: entry.name })),
    outdir: distDir,
    bundle: true,
    splitting: true,
    // Chunks stay beside the entries: the rewritten worker and asset URLs are relative to dist/.
    chunkNames: '[name]-[hash]',
    format: 'esm',
    platform: 'node',
    target: 'node24',
    sourcemap: 'linked',
    // Error classes and services are logged by name; bundling must not rename them on a clash.
    keepNames: true,
    legalComments: 'none',
    logLevel: 'warning',
    plugins: [externalsPlugin(packages, manifest), importMetaUrlPlugin({ repoRoot, entries, assets })],
  });
  // A production tree links the bundle's dependencies with plain Node, no TypeScript loader.
  await build({
    entryPoints: [{ in: join(import.meta.dirname, 'externals-link.cli.ts'), out: 'link-externals' }],
    outdir: distDir,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node24',
    logLevel: 'warning',
  });

  for (const asset of assets.values()) {
    await cp(asset.source, join(distDir, asset.target), { recursive: true });
  }
  await writeFile(join(distDir, EXTERNALS_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  await mkdir(distDir, { recursive: true });
  const linked = await linkExternals({ serverDir, distDir });

  let bytes = 0;
  for (const file of await readdir(distDir)) {
    if (file.endsWith('.js')) bytes += (await stat(join(distDir, file))).size;
  }
  const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
  console.log(
    `built ${entries.map((entry) => `${entry.name}.js`).join(', ')} into ${relative(repoRoot, distDir)} ` +
      `(${(bytes / 1024 / 1024).toFixed(1)} MB of JavaScript, ${assets.size} assets, ${linked} packages linked) in ${seconds} s`,
  );
}

main().catch((error: unknown) => {
  console.error(`\nBuild failed: ${(error as Error).message}\n`);
  process.exit(1);
});
