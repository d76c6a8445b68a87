export type * from './mailbox-archive.contract';
