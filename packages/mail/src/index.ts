export { archiveMailbox } from './archiver/mailbox.archiver';
export { estimateMailbox } from './estimate/mailbox.estimator';
export type * from './imap/imap-session.types';
export {
  probeMailboxAccess,
  type TMailboxAccessProbeDeps,
  type TMailboxAccessResult,
} from './imap/mailbox-access.probe';
export { classifyMailboxError } from './imap/mailbox-problem.classifier';
export type * from './mailbox-archive.contract';
export {
  messageIdOf,
  openRestoreAppender,
  type TRestoreAppender,
  type TRestoreAppenderDeps,
  type TRestoreItem,
  type TRestoreOutcome,
} from './restore/imap-restore.appender';
export * from './send';
