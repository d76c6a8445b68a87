export { P12_PASSWORD, type TP12Key } from './auth/p12-key.factory';
export { CONNECTOR_SCOPES, SCOPES } from './auth/scopes';
export type { TServiceAccountKey, TServiceAccountKeyOptions } from './auth/service-account-key.factory';
export type { RequestStats } from './control/request-stats';
export { ACCEPTED_SCOPES } from './directory/directory-auth';
export { DomainStateError } from './domain/domain-errors';
export { generateDomain, generateDomainSource, type TGenerateOptions } from './domain/domain-generator';
export type { DomainState, TDomainSummary } from './domain/domain-state';
export type {
  TDomainFixture,
  TDomainSource,
  TFixtureGroup,
  TFixtureMember,
  TFixtureUser,
} from './domain/fixture.schema';
export { loadFixture, loadSampleFixture, SAMPLE_FIXTURE_PATH } from './domain/fixture-loader';
export type { TGroup, TMember, TMemberInput } from './domain/group.store';
export type { TUser, TUserInput, TUserPatch } from './domain/user.store';
export { startEmulator, type TEmulator, type TEmulatorImap, type TEmulatorOptions } from './emulator';
export type {
  TDirectoryLatencyInput,
  TFailureInjectionInput,
  TFaultPatch,
  TListingBreakInput,
} from './faults/fault.schema';
export type { FaultKnobs as TFaultKnobs } from './faults/fault-knobs';
export { IMAP_TEXT } from './imap/authenticate.handler';
export { APPEND_LIMIT_BYTES, type TAuthMechanism } from './imap/capabilities';
export type { FetchLog as TFetchLog, TFetchLogEntry } from './imap/fetch-log';
export { ALL_MAIL, SYSTEM_FOLDERS } from './imap/gmail-labels';
export type {
  TFolderStatus,
  TGmailMailboxes,
  TGmailMessageInput,
  TSeededMessage,
} from './imap/gmail-mailboxes';
export type { TImapAddress, TImapServerOptions } from './imap/imap.server';
export {
  GMAIL_MAX_CONNECTIONS_PER_USER,
  type ImapFaultKnobs as TImapFaultKnobs,
  type TImapFaultPatch,
} from './imap/imap-faults';
export {
  generateMessages,
  type TGeneratedMessage,
  type TGenerateMessagesOptions,
} from './imap/message.generator';
export type { TOidcClient } from './oidc/oidc-client.registry';
