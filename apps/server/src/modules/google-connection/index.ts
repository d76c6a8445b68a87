export { GOOGLE_AUDIT_ACTIONS } from './google-audit.actions';
export { googleConnectionRoutes } from './google-connection.routes';
export type {
  TGoogleConnection,
  TGoogleKeySummary,
  TSetupCheckItem,
  TSetupCheckResult,
} from './google-connection.schemas';
export {
  createGoogleConnectionService,
  type TDirectoryAccess,
  type TDirectoryClientOverrides,
  type TGoogleConnectionService,
  type TGoogleConnectionServiceDeps,
} from './google-connection.service';
