import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TTestDatabase } from '@wac/db/testing';
import type { Page } from 'playwright-core';
// Relative, like the server harness: the web app itself has no business depending on the emulator.
import {
  CONNECTOR_SCOPES,
  startEmulator,
  type TEmulator,
} from '../../../packages/google-workspace-emulator/src/index';
import {
  startTestServer,
  type TStartTestServerOptions,
  type TTestServer,
} from '../../server/test/start-test-server';
import { launchBrowser, type TBrowserSession } from './browser';

export type { TEmulator };

/** The scopes the console asks an admin to delegate, in the order it lists them. */
export const DELEGATED_SCOPES: string[] = [...CONNECTOR_SCOPES];

export type TConsoleOptions = Pick<TStartTestServerOptions, 'adminPassword' | 'env'> & {
  /** Lets the first browser read and write the clipboard (copy buttons). */
  canUseClipboard?: boolean;
};

export type TConsole = {
  database: TTestDatabase;
  server: TTestServer;
  /** The first browser and its page; more come from launchBrowser(). */
  browser: TBrowserSession;
  page: Page;
  /** Another isolated browser on the same server (another person), closed with the rest. */
  launchBrowser(): Promise<TBrowserSession>;
  /** Closes everything this harness started, newest first. */
  close(): Promise<void>;
};

export type TConsoleWithGoogle = TConsole & {
  emulator: TEmulator;
  /** Writes a file (a key, a wrong file) into a private folder removed by close(); returns its path. */
  writeFile(name: string, content: string, options?: { mode?: number }): Promise<string>;
};

type TCleanup = { add(step: () => Promise<unknown>): void; run(): Promise<void> };

function createCleanup(): TCleanup {
  const steps: (() => Promise<unknown>)[] = [];
  return {
    add: (step) => steps.push(step),
    run: async () => {
      for (const step of steps.splice(0).reverse()) await step();
    },
  };
}

async function startConsoleWith(options: TConsoleOptions, cleanup: TCleanup): Promise<TConsole> {
  const database = await createTestDatabase();
  cleanup.add(() => database.drop());
  const server = await startTestServer({
    databaseUrl: database.databaseUrl,
    adminPassword: options.adminPassword,
    env: options.env,
  });
  cleanup.add(() => server.close());
  const launch = async () => {
    const session = await launchBrowser({ baseURL: server.url });
    cleanup.add(() => session.close());
    return session;
  };
  const browser = await launch();
  if (options.canUseClipboard)
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  const page = await browser.newPage();
  return { database, server, browser, page, launchBrowser: launch, close: () => cleanup.run() };
}

/** A fresh migrated database, the real server on a random port, and Chromium pointed at it. */
export async function startConsole(options: TConsoleOptions): Promise<TConsole> {
  const cleanup = createCleanup();
  try {
    return await startConsoleWith(options, cleanup);
  } catch (error) {
    await cleanup.run();
    throw error;
  }
}

/** The same, with the Google stand-in started first; `env` says how the server reaches it. */
export async function startConsoleWithGoogle(
  options: Omit<TConsoleOptions, 'env'> & { env: (emulator: TEmulator) => Record<string, string> },
): Promise<TConsoleWithGoogle> {
  const cleanup = createCleanup();
  try {
    const emulator = await startEmulator({ host: '127.0.0.1', imap: true });
    cleanup.add(() => emulator.close());
    const workDir = await mkdtemp(path.join(tmpdir(), 'wac-browser-test-'));
    cleanup.add(() => rm(workDir, { recursive: true, force: true }));
    const started = await startConsoleWith({ ...options, env: options.env(emulator) }, cleanup);
    return {
      ...started,
      emulator,
      writeFile: async (name, content, fileOptions = {}) => {
        const file = path.join(workDir, name);
        await writeFile(file, content, { mode: fileOptions.mode });
        return file;
      },
    };
  } catch (error) {
    await cleanup.run();
    throw error;
  }
}

/** The server variables that send Directory API, token and IMAP requests to the stand-in. */
export function directoryApiEnv(emulator: TEmulator): Record<string, string> {
  return {
    GOOGLE_ADMIN_ROOT_URL: emulator.url,
    GOOGLE_TOKEN_URI: emulator.tokenUri,
    ...(emulator.imap
      ? {
          IMAP_HOST: emulator.imap.host,
          IMAP_PORT: String(emulator.imap.port),
          IMAP_TLS: String(emulator.imap.secure),
        }
      : {}),
  };
}
