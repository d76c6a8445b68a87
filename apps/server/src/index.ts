export { buildApp, DEFAULT_WEB_DIST_DIR, type TAppDeps, type TAppServices } from './app';
export { ConfigError, DEFAULT_SYNC_WORKER_HEAP_MB, loadConfig, parseEnv, type TConfig } from './config/env';
export { AppError, ERROR_STATUS, isAppError, type TErrorCode } from './errors/app-error';
export { errorResponses, ZErrorBody } from './http/error.schemas';
export { systemClock, type TClock } from './lib/clock';
export type { TDb, TPrisma } from './lib/db';
export { AUDIT_ACTIONS } from './modules/audit/audit.actions';
export {
  createAuditService,
  SYSTEM_ACTOR,
  type TAuditActor,
  type TAuditEvent,
  type TAuditService,
  type TRequestContext,
} from './modules/audit/audit.service';
export { activeSession, requireAdmin, requireSession } from './modules/auth/auth.guards';
export { requestContextOf } from './modules/auth/auth.plugin';
export { createPasswordHasher, type TPasswordHasher } from './modules/auth/password-hasher';
export type { TActiveSession, TSessionUser } from './modules/auth/session.service';
export { loadMasterKey, MasterKeyError, type TMasterKey } from './modules/secrets';
export { SERVER_VERSION } from './modules/system/system.module';
export { ensureBootstrapAdmin } from './modules/users/admin-bootstrap';
export {
  createServerLogger,
  releaseServerResources,
  startServer,
  type TRunningServer,
  type TServerResources,
  type TStartServerOptions,
} from './server/start-server';
