export { ARCHIVING_AUDIT_ACTIONS } from './archiving.audit';
export { createArchivingModule, type TArchivingModule, type TArchivingOverrides } from './archiving.module';
export { archivingRoutes } from './archiving.routes';
export {
  createArchivingService,
  type TArchivingService,
  type TArchivingServiceDeps,
} from './archiving.service';
export type { TEstimateMailbox, TMailboxRunHooks, TRunMailbox } from './mailbox-runner.types';
export type { TExpandGroupMembers } from './mailbox-selection';
