import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { linkExternals } from './externals.linker';

// Compiled to dist/link-externals.js, so a production tree (the Docker image's `pnpm deploy`
// output) can link the bundle's dependencies with plain Node: `node dist/link-externals.js`.
const distDir = dirname(fileURLToPath(import.meta.url));
try {
  const linked = await linkExternals({ serverDir: join(distDir, '..'), distDir });
  console.log(`linked ${linked} packages into ${join(distDir, 'node_modules')}`);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
