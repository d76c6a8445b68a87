import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AccessTokenStore } from '../auth/access-token.store';
import type { DomainState } from '../domain/domain-state';
import { APPEND_LIMIT_BYTES, type TAuthMechanism } from './capabilities';
import { CommandSyntaxError, parseCommand, type TCommand, type TCommandParts } from './command-parser';
import { CommandReader, LineTooLongError } from './command-reader';
import type { FetchLog } from './fetch-log';
import type { ImapFaultKnobs } from './imap-faults';
import type { MailStore, TFolder, UserMailbox } from './mailbox.store';

export type TImapDeps = {
  store: MailStore;
  state: DomainState;
  tokens: AccessTokenStore;
  faults: ImapFaultKnobs;
  fetchLog: FetchLog;
  authMechanisms: readonly TAuthMechanism[];
  /** Open authenticated sessions of a user, for Gmail's per-account connection limit. */
  sessionsOf(user: string): number;
  onAuthenticated(session: ImapSession): void;
};

export type TReply = { status: 'OK' | 'NO' | 'BAD'; text: string };
export type TSelected = { folder: TFolder; isReadOnly: boolean; knownCount: number };

export type TCommandHandler = (session: ImapSession, command: TCommand) => Promise<TReply>;
export type THandlerEntry = {
  handler: TCommandHandler;
  needs: 'any' | 'unauthenticated' | 'auth' | 'selected';
};

const LITERAL_AT_END = /\{(\d+)(\+)?\}$/;

export const ok = (text = 'Success'): TReply => ({ status: 'OK', text });
export const no = (text: string): TReply => ({ status: 'NO', text });
export const bad = (text = 'Could not parse command'): TReply => ({ status: 'BAD', text });

/** One client connection: reads commands in order, runs their handlers, writes Gmail's replies. */
export class ImapSession {
  user: string | undefined;
  mailbox: UserMailbox | undefined;
  selected: TSelected | undefined;
  isCondstoreEnabled = false;
  /** Set by LOGOUT: the connection ends once its tagged reply is out. */
  isLoggingOut = false;
  private readonly reader: CommandReader;
  private isDropped = false;

  constructor(
    readonly socket: Socket,
    readonly deps: TImapDeps,
    private readonly handlers: ReadonlyMap<string, THandlerEntry>,
  ) {
    this.reader = new CommandReader(socket);
  }

  get isOpen(): boolean {
    return !this.isDropped && !this.socket.destroyed;
  }

  async run(): Promise<void> {
    this.write(`* OK Gimap ready for requests from ${this.socket.remoteAddress ?? '127.0.0.1'} emu\r\n`);
    while (this.isOpen) {
      const parts = await this.readCommand();
      if (parts === null) break;
      if (parts === 'refused') continue;
      await this.execute(parts);
    }
  }

  write(chunk: string | Buffer): void {
    if (this.isOpen) this.socket.write(chunk);
  }

  /** Waits while the socket's buffer is full, so a large FETCH streams instead of piling up. */
  async drain(): Promise<void> {
    if (!this.isOpen || !this.socket.writableNeedDrain) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        this.socket.off('drain', done);
        this.socket.off('close', done);
        resolve();
      };
      this.socket.on('drain', done);
      this.socket.on('close', done);
    });
  }

  /** A line sent after a `+` continuation (SASL response, IDLE's DONE). */
  readContinuation(): Promise<Buffer | null> {
    return this.reader.readLine();
  }

  /** Cuts the connection once what was written so far has left, like a dropped TCP session. */
  async dropAfterFlush(): Promise<void> {
    this.isDropped = true;
    await new Promise<void>((resolve) => this.socket.write('', () => resolve()));
    this.socket.destroy();
  }

  private async execute(parts: TCommandParts): Promise<void> {
    let command: TCommand;
    try {
      command = parseCommand(parts);
    } catch (error) {
      if (!(error instanceof CommandSyntaxError)) throw error;
      this.write(`${error.tag} BAD Could not parse command\r\n`);
      return;
    }
    const entry = this.handlers.get(command.name);
    let reply: TReply;
    if (!entry) reply = bad('Unknown command');
    else if (!this.isAllowed(entry.needs)) reply = bad('Command not valid in this state');
    else reply = await this.runHandler(entry, command);
    if (!this.isOpen) return;
    await this.sendTagged(command.tag, reply);
    if (this.isLoggingOut) {
      this.isDropped = true;
      this.socket.end();
    }
  }

  private async runHandler(entry: THandlerEntry, command: TCommand): Promise<TReply> {
    try {
      return await entry.handler(this, command);
    } catch (error) {
      // BigInt('x') and friends: malformed arguments are the client's error, answered as Gmail does.
      if (error instanceof SyntaxError) return bad();
      throw error;
    }
  }

  private async sendTagged(tag: string, reply: TReply): Promise<void> {
    let text = reply.text;
    const throttle =
      this.user && reply.status === 'OK' ? this.deps.faults.takeThrottle(this.user) : undefined;
    if (throttle) {
      if (throttle.delayMs > 0) await sleep(throttle.delayMs);
      text += ' [THROTTLED]';
    }
    this.write(`${tag} ${reply.status} ${text}\r\n`);
  }

  private isAllowed(needs: THandlerEntry['needs']): boolean {
    if (needs === 'any') return true;
    if (needs === 'unauthenticated') return this.user === undefined;
    if (needs === 'auth') return this.user !== undefined;
    return this.selected !== undefined;
  }

  /** A whole command with its literals, or 'refused' when a literal was over APPENDLIMIT. */
  private async readCommand(): Promise<TCommandParts | 'refused' | null> {
    const parts: TCommandParts = [];
    for (;;) {
      let line: Buffer | null;
      try {
        line = await this.reader.readLine();
      } catch (error) {
        if (!(error instanceof LineTooLongError)) throw error;
        this.write('* BYE Line too long\r\n');
        this.socket.destroy();
        return null;
      }
      if (line === null) return null;
      const text = line.toString('utf8');
      const literal = LITERAL_AT_END.exec(text);
      if (!literal) {
        parts.push(text);
        return parts;
      }
      const size = Number(literal[1]);
      const isSynchronizing = literal[2] === undefined;
      if (size > APPEND_LIMIT_BYTES) {
        const tag = (typeof parts[0] === 'string' ? parts[0] : text).split(' ')[0];
        this.write(`${tag} NO [TOOBIG] Message too large. (Failure)\r\n`);
        if (!isSynchronizing) {
          await this.reader.readBytes(size);
          await this.reader.readLine();
        }
        return 'refused';
      }
      parts.push(text.slice(0, literal.index));
      if (isSynchronizing) this.write('+ go ahead\r\n');
      const bytes = await this.reader.readBytes(size);
      if (bytes === null) return null;
      parts.push(bytes);
    }
  }
}
