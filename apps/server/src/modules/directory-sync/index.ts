export { DIRECTORY_SYNC_AUDIT_ACTIONS } from './directory-sync.audit';
export { directorySyncRoutes } from './directory-sync.routes';
export {
  createDirectorySyncService,
  type TDirectorySyncService,
  type TDirectorySyncServiceDeps,
  type TGetDirectoryClient,
} from './directory-sync.service';
