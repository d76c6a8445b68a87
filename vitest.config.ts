import { defineConfig } from 'vitest/config';

// One config, three tiers. Unit tests sit beside the code (*.test.ts) and start no server;
// integration tests (*.int.test.ts) get a real embedded Postgres from the global setup, one fresh
// database per file, and are where a test starts the Google Workspace emulator or another server
// (scripts/test-tiers.test.ts holds that line); browser tests (*.browser.test.ts) drive Debian
// Chromium against a real server. Wall-clock targets live in bench/, not in tests.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{apps,packages}/*/{src,test}/**/*.test.{ts,tsx}', 'scripts/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/*.browser.test.ts', '**/node_modules/**'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['{apps,packages}/*/{src,test}/**/*.int.test.ts'],
          globalSetup: ['packages/db/test/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['apps/web/e2e/**/*.browser.test.ts'],
          globalSetup: ['packages/db/test/global-setup.ts'],
          testTimeout: 90_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
