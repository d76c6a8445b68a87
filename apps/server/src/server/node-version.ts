// The server is developed and tested on the Node the project brings (package.json devDependencies,
// which `pnpm start` puts first on PATH). On Node 20 the API would start, but the directory-sync
// worker thread cannot load its TypeScript entry, so every sync would fail with an internal error;
// refusing at boot says what to do instead.
export const MINIMUM_NODE_MAJOR = 24;

/** Returns why this Node cannot run the server, or null when it can. */
export function unsupportedNodeReason(version: string): string | null {
  const major = Number(/^v?(\d+)\./.exec(version)?.[1]);
  if (Number.isInteger(major) && major >= MINIMUM_NODE_MAJOR) return null;
  return (
    `the server needs Node ${MINIMUM_NODE_MAJOR} or later, and this is Node ${version}. ` +
    'Start it with `pnpm start` (which uses the Node the project installs) or in the Docker image.'
  );
}
