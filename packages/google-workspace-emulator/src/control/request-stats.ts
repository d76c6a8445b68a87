/** Request counters per endpoint label, and per label and status (`directory.users.list:200`). */
export class RequestStats {
  private counters = new Map<string, number>();

  record(endpoint: string, statusCode: number): void {
    this.bump(endpoint);
    this.bump(`${endpoint}:${statusCode}`);
  }

  count(key: string): number {
    return this.counters.get(key) ?? 0;
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.counters].sort(([a], [b]) => (a < b ? -1 : 1)));
  }

  reset(): void {
    this.counters = new Map();
  }

  private bump(key: string): void {
    this.counters.set(key, (this.counters.get(key) ?? 0) + 1);
  }
}
