import { appendHandler } from './append.handler';
import { authenticateHandler, loginHandler } from './authenticate.handler';
import { fetchHandler, uidFetchHandler } from './fetch.handler';
import {
  closeHandler,
  examineHandler,
  listHandler,
  lsubHandler,
  selectHandler,
  statusHandler,
} from './folder.handler';
import type { THandlerEntry } from './imap-session';
import { searchHandler, uidSearchHandler } from './search.handler';
import {
  capabilityHandler,
  enableHandler,
  idHandler,
  idleHandler,
  logoutHandler,
  namespaceHandler,
  noopHandler,
} from './session.handler';

/** Every command the stand-in answers, and the state it needs; anything else is `BAD Unknown command`. */
export const IMAP_COMMANDS: ReadonlyMap<string, THandlerEntry> = new Map<string, THandlerEntry>([
  ['CAPABILITY', { handler: capabilityHandler, needs: 'any' }],
  ['NOOP', { handler: noopHandler, needs: 'any' }],
  ['LOGOUT', { handler: logoutHandler, needs: 'any' }],
  ['ID', { handler: idHandler, needs: 'any' }],
  ['AUTHENTICATE', { handler: authenticateHandler, needs: 'unauthenticated' }],
  ['LOGIN', { handler: loginHandler, needs: 'unauthenticated' }],
  ['ENABLE', { handler: enableHandler, needs: 'auth' }],
  ['NAMESPACE', { handler: namespaceHandler, needs: 'auth' }],
  ['IDLE', { handler: idleHandler, needs: 'auth' }],
  ['LIST', { handler: listHandler, needs: 'auth' }],
  ['LSUB', { handler: lsubHandler, needs: 'auth' }],
  ['STATUS', { handler: statusHandler, needs: 'auth' }],
  ['SELECT', { handler: selectHandler, needs: 'auth' }],
  ['EXAMINE', { handler: examineHandler, needs: 'auth' }],
  ['APPEND', { handler: appendHandler, needs: 'auth' }],
  ['CLOSE', { handler: closeHandler, needs: 'selected' }],
  ['UNSELECT', { handler: closeHandler, needs: 'selected' }],
  ['FETCH', { handler: fetchHandler, needs: 'selected' }],
  ['UID FETCH', { handler: uidFetchHandler, needs: 'selected' }],
  ['SEARCH', { handler: searchHandler, needs: 'selected' }],
  ['UID SEARCH', { handler: uidSearchHandler, needs: 'selected' }],
]);
