// The API's wire contract: the zod schemas the server validates and serialises with, and the
// types the console, the benchmarks and the tests read responses as. Nothing here may import
// server code: the console imports these types, and its bundle must stay free of the server.
export * from './archive-folders.schemas';
export * from './archive-read.schemas';
export * from './archiving.schemas';
export * from './auth.schemas';
export * from './directory-sync.schemas';
export * from './google-connection.schemas';
export * from './health.schemas';
export * from './me.schemas';
export * from './oidc-settings.schemas';
export * from './oidc-test.schemas';
export * from './privileges';
export * from './sending.schemas';
export * from './system.schemas';
export * from './users.schemas';
