import { describe, expect, it } from 'vitest';
import { remainingOf } from './archive-run.mapper';

const MB = 1024 * 1024;

describe('remainingOf: the ETA of a running mailbox under the daily budget', () => {
  it('judges what is left by the average message so far, in days of the budget', () => {
    // 1,000 of 50,000 messages took 100 MB: 4,900 MB left, 2.45 days at 2,000 MB a day.
    expect(
      remainingOf(
        { folder: '[Gmail]/All Mail', messagesDone: 1000, messagesTotal: 50_000, bytesDone: 100 * MB },
        2000 * MB,
      ),
    ).toEqual({ bytes: 4900 * MB, expectedDays: 2.45 });
  });

  it('says nothing before the first message, and nothing left once all are done', () => {
    expect(
      remainingOf({ folder: 'INBOX', messagesDone: 0, messagesTotal: 10, bytesDone: 0 }, 2000 * MB),
    ).toBeNull();
    expect(remainingOf(null, 2000 * MB)).toBeNull();
    expect(
      remainingOf({ folder: 'INBOX', messagesDone: 10, messagesTotal: 10, bytesDone: MB }, 2000 * MB),
    ).toEqual({ bytes: 0, expectedDays: 0 });
  });
});
