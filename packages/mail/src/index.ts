export { archiveMailbox } from './archiver/mailbox.archiver';
export { estimateMailbox } from './estimate/mailbox.estimator';
export type * from './imap/imap-session.types';
export { classifyMailboxError } from './imap/mailbox-problem.classifier';
export type * from './mailbox-archive.contract';
export * from './send';
