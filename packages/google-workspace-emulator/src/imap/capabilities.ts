export const APPEND_LIMIT_BYTES = 35_651_584;

export type TAuthMechanism = 'XOAUTH2' | 'OAUTHBEARER';

// Gmail's lists, less what this stand-in does not implement (XLIST, QUOTA, COMPRESS=DEFLATE, MOVE,
// ESEARCH, UTF8=ACCEPT, LIST-EXTENDED, LIST-STATUS, LITERAL-): a client then takes its plain path,
// which every one of them has. Like Gmail: CONDSTORE but no QRESYNC.
const BEFORE_AUTH = ['IMAP4rev1', 'UNSELECT', 'IDLE', 'NAMESPACE', 'ID', 'CHILDREN', 'X-GM-EXT-1', 'SASL-IR'];
const AFTER_AUTH = [
  'IMAP4rev1',
  'UNSELECT',
  'IDLE',
  'NAMESPACE',
  'ID',
  'CHILDREN',
  'X-GM-EXT-1',
  'UIDPLUS',
  'ENABLE',
  'CONDSTORE',
  'SPECIAL-USE',
  `APPENDLIMIT=${APPEND_LIMIT_BYTES}`,
];

export function capabilityList(isAuthenticated: boolean, mechanisms: readonly TAuthMechanism[]): string {
  if (isAuthenticated) return AFTER_AUTH.join(' ');
  return [...BEFORE_AUTH, ...mechanisms.map((mechanism) => `AUTH=${mechanism}`)].join(' ');
}
