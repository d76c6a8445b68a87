import { createTestDatabase, type TTestDatabase } from '@wac/db/testing';
import { startEmulator, type TEmulator } from '@wac/google-workspace-emulator';
import type { FastifyInstance } from 'fastify';
import {
  ADMIN_PASSWORD,
  bootstrapAdmin,
  buildTestApp,
  signIn,
  type TBrowser,
  type TTestAppOptions,
} from './test-app';

export type TGoogleStandIn = {
  database: TTestDatabase;
  emulator: TEmulator;
  /** Drops the database and stops the emulator (unless it was shared in). */
  close(): Promise<void>;
};

export type TAppHarness = TGoogleStandIn & {
  app: FastifyInstance;
  /** The bootstrap `admin`, signed in (cookies and CSRF token kept). */
  admin: TBrowser;
};

export type TAppHarnessOptions = {
  /** The server variables that point the app at the emulator instead of Google. */
  env: (emulator: TEmulator) => Record<string, string>;
  /** A running emulator to use (and leave running); without it the harness starts the sample domain. */
  emulator?: TEmulator;
  /** Anything else for the app, e.g. a logger. */
  app?: Omit<TTestAppOptions, 'env'>;
};

/** A fresh migrated database and an emulator serving the sample domain (or the one given). */
export async function startGoogleStandIn(shared?: TEmulator): Promise<TGoogleStandIn> {
  const database = await createTestDatabase();
  try {
    const emulator = shared ?? (await startEmulator({ host: '127.0.0.1', port: 0, imap: true }));
    return {
      database,
      emulator,
      close: async () => {
        if (!shared) await emulator.close();
        await database.drop();
      },
    };
  } catch (error) {
    await database.drop();
    throw error;
  }
}

/**
 * The app on a fresh database, talking to the emulator, with the bootstrap admin signed in:
 * what most API tests need before their first request. close() undoes all of it.
 */
export async function startAppHarness(options: TAppHarnessOptions): Promise<TAppHarness> {
  const standIn = await startGoogleStandIn(options.emulator);
  const { database, emulator } = standIn;
  let app: FastifyInstance | undefined;
  const close = async () => {
    await app?.close();
    await standIn.close();
  };
  try {
    await bootstrapAdmin(database);
    app = await buildTestApp(database, { ...options.app, env: options.env(emulator) });
    const admin = await signIn(app, 'admin', ADMIN_PASSWORD);
    return { database, emulator, app, admin, close };
  } catch (error) {
    await close();
    throw error;
  }
}
