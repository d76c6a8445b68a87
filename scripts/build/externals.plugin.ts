import { builtinModules } from 'node:module';
import { sep } from 'node:path';
import type { Plugin } from 'esbuild';
import type { TWorkspacePackage } from './build-entries.finder';
import type { TExternalsManifest } from './externals.linker';

const BUILTINS = new Set(builtinModules);

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] as string);
}

/**
 * Bundles the workspace's own packages (TypeScript sources, the generated Prisma client among them)
 * and leaves every third-party package to node_modules: native addons, WASM, packages that read
 * files beside themselves (swagger-ui, the Postgres binaries) keep working untouched. Records, per
 * package, which workspace packages import it, for linkExternals.
 */
export function externalsPlugin(packages: TWorkspacePackage[], manifest: TExternalsManifest): Plugin {
  const byDir = [...packages].sort((a, b) => b.dir.length - a.dir.length);
  const chainOf = (file: string): string[] => {
    const owner = byDir.find((pkg) => file.startsWith(pkg.dir + sep));
    if (owner === undefined) throw new Error(`${file} is outside the server's workspace packages`);
    return owner.chain;
  };
  return {
    name: 'wac-externals',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.kind === 'entry-point') return undefined;
        if (args.path.startsWith('node:') || BUILTINS.has(args.path)) return { external: true };
        if (args.path.startsWith('@wac/')) return undefined;
        const name = packageName(args.path);
        const chain = chainOf(args.importer);
        const entry = manifest.packages[name] ?? { importers: [] };
        if (!entry.importers.some((known) => known.join('/') === chain.join('/')))
          entry.importers.push(chain);
        manifest.packages[name] = entry;
        return { path: args.path, external: true };
      });
    },
  };
}
