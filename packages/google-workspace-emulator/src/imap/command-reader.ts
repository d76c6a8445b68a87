import type { Socket } from 'node:net';

const CRLF = Buffer.from('\r\n');
/** Longest command line accepted; imapflow's longest are UID sets of a few kilobytes. */
export const MAX_LINE_BYTES = 256 * 1024;

export class LineTooLongError extends Error {}

/**
 * Buffers a socket's bytes and hands them out as CRLF lines or exact byte counts (IMAP literals),
 * so a session reads its client in a plain async loop.
 */
export class CommandReader {
  private chunks: Buffer[] = [];
  private length = 0;
  private isEnded = false;
  private wake: (() => void) | undefined;

  constructor(socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.chunks.push(chunk);
      this.length += chunk.length;
      this.notify();
    });
    socket.on('close', () => {
      this.isEnded = true;
      this.notify();
    });
  }

  /** The next line without its CRLF, or null when the client has gone. */
  async readLine(): Promise<Buffer | null> {
    for (;;) {
      const joined = this.joined();
      const end = joined.indexOf(CRLF);
      if (end >= 0) {
        this.consume(end + 2);
        return joined.subarray(0, end);
      }
      if (this.length > MAX_LINE_BYTES) throw new LineTooLongError();
      if (this.isEnded) return null;
      await this.waitForData();
    }
  }

  /** Exactly `count` bytes, or null when the client has gone first. */
  async readBytes(count: number): Promise<Buffer | null> {
    while (this.length < count) {
      if (this.isEnded) return null;
      await this.waitForData();
    }
    const joined = this.joined();
    this.consume(count);
    return joined.subarray(0, count);
  }

  private joined(): Buffer {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks, this.length)];
    return this.chunks[0] ?? Buffer.alloc(0);
  }

  private consume(count: number): void {
    const rest = this.joined().subarray(count);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.length = rest.length;
  }

  private waitForData(): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
    });
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
