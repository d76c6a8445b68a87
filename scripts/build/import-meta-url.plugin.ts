import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import type { Plugin } from 'esbuild';
import type { TBuildEntry } from './build-entries.finder';

/** A file or folder the bundle reaches at run time, copied to dist/assets/<path in the repo>. */
export type TAsset = { source: string; target: string };

const URL_PATTERN = /new URL\(\s*(['"])(\.{1,2}\/[^'"]*)\1\s*,\s*import\.meta\.url\s*\)/g;

/**
 * Source files find their neighbours with `new URL('./x', import.meta.url)`: a worker entry
 * (`./sync-run.worker.ts`), the web console's dist, the migrations folder. In the bundle, the code
 * runs from dist/main.js or a chunk beside it, so each such URL is rewritten relative to dist: a
 * `.ts` target must be a build entry (it becomes `./<name>.js`), anything else is copied into
 * dist/assets so dist is self-contained and runs wherever it is copied.
 */
export function importMetaUrlPlugin(options: {
  repoRoot: string;
  entries: TBuildEntry[];
  assets: Map<string, TAsset>;
}): Plugin {
  const entryBySource = new Map(options.entries.map((entry) => [entry.source, entry]));
  return {
    name: 'wac-import-meta-url',
    setup(build) {
      build.onLoad({ filter: /\.tsx?$/ }, async (args) => {
        if (args.path.includes('/node_modules/')) return undefined;
        const source = await readFile(args.path, 'utf8');
        if (!source.includes('import.meta.url')) return undefined;
        const errors: string[] = [];
        const contents = source.replace(URL_PATTERN, (match, _quote: string, target: string) => {
          const absolute = resolve(dirname(args.path), target);
          if (absolute.endsWith('.ts')) {
            const entry = entryBySource.get(absolute);
            if (entry === undefined) {
              errors.push(`${match} names a TypeScript file that is not a build entry; name it *.worker.ts`);
              return match;
            }
            return `new URL('./${entry.name}.js', import.meta.url)`;
          }
          if (!existsSync(absolute)) {
            errors.push(
              `${match} names ${relative(options.repoRoot, absolute)}, which does not exist (build it first)`,
            );
            return match;
          }
          const inRepo = relative(options.repoRoot, absolute);
          const asset = `assets/${inRepo}`;
          options.assets.set(asset, { source: absolute, target: asset });
          return `new URL('./${asset}', import.meta.url)`;
        });
        if (errors.length > 0) return { errors: errors.map((text) => ({ text })) };
        return { contents, loader: args.path.endsWith('x') ? 'tsx' : 'ts' };
      });
    },
  };
}
