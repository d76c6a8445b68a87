import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import yazl from 'yazl';
import { safeFileName } from './content-disposition';
import { mboxrdEntry } from './mboxrd.format';

export type TExportEntry = { raw: Buffer; sender: string | null; date: Date | null; subject: string | null };

export interface TExportFileWriter {
  add(entry: TExportEntry): Promise<void>;
  /** Flushes and closes the file; returns its size. */
  finish(): Promise<void>;
}

/** An mboxrd file, written message by message with back-pressure. */
export function createMboxWriter(path: string): TExportFileWriter {
  const out = createWriteStream(path, { flags: 'wx' });
  return {
    async add(entry) {
      if (!out.write(mboxrdEntry(entry.raw, entry.sender, entry.date))) await once(out, 'drain');
    },
    async finish() {
      out.end();
      await finished(out);
    },
  };
}

/** A zip of .eml files (deflated), named by date and subject, numbered so none collide. */
export function createZipWriter(path: string): TExportFileWriter {
  const zip = new yazl.ZipFile();
  const out = createWriteStream(path, { flags: 'wx' });
  zip.outputStream.pipe(out);
  let count = 0;
  return {
    async add(entry) {
      count += 1;
      const day = entry.date ? entry.date.toISOString().slice(0, 10) : 'undated';
      const name = safeFileName(
        `${String(count).padStart(6, '0')} ${day} ${entry.subject ?? ''}`.trim(),
      ).slice(0, 120);
      zip.addBuffer(entry.raw, `${name}.eml`, { mtime: entry.date ?? new Date(0), compress: true });
      // yazl queues buffers; waiting for the file to catch up keeps memory to a few messages.
      if (out.writableNeedDrain) await once(out, 'drain');
    },
    async finish() {
      zip.end();
      await finished(out);
    },
  };
}
