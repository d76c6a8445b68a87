export type TFetchLogEntry = {
  user: string;
  folder: string;
  uid: number;
  gmMsgId: string;
  bytes: number;
  at: number;
};

/**
 * Every message whose content (full source or text) went out, per user and folder: tests prove with
 * it that an incremental run fetched only new mail. Header-only and metadata fetches are not logged.
 */
export class FetchLog {
  private entries: TFetchLogEntry[] = [];
  private readonly bytesByUser = new Map<string, number>();

  /** Counts the bytes against the user; lists the entry when it was a download of the message. */
  record(entry: TFetchLogEntry, isDownload: boolean): void {
    if (isDownload) this.entries.push(entry);
    this.bytesByUser.set(entry.user, (this.bytesByUser.get(entry.user) ?? 0) + entry.bytes);
  }

  list(filter: { user?: string; folder?: string } = {}): TFetchLogEntry[] {
    const user = filter.user?.toLowerCase();
    return this.entries.filter(
      (entry) =>
        (user === undefined || entry.user === user) &&
        (filter.folder === undefined || entry.folder === filter.folder),
    );
  }

  /** Content bytes sent to the user since the last clear (the emulator's "daily" download counter). */
  bytesFetched(user: string): number {
    return this.bytesByUser.get(user.toLowerCase()) ?? 0;
  }

  clear(): void {
    this.entries = [];
    this.bytesByUser.clear();
  }
}
