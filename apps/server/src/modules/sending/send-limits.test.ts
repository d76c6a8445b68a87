import { describe, expect, it } from 'vitest';
import { checkSendLimits } from './send-limits';

const limits = { messagesPerDay: 2000, recipientsPerDay: 10_000, recipientsPerMessage: 100 };

describe('checkSendLimits', () => {
  it('allows a message within every limit', () => {
    expect(checkSendLimits(limits, 'a@example.com', { messages: 1999, recipients: 9900 }, 100)).toEqual({
      isAllowed: true,
    });
  });

  it('names the per-message recipient limit with a 400', () => {
    const verdict = checkSendLimits(limits, 'a@example.com', { messages: 0, recipients: 0 }, 101);
    expect(verdict).toMatchObject({ isAllowed: false, limit: 'recipientsPerMessage', status: 400 });
    expect(!verdict.isAllowed && verdict.message).toContain('at most 100 recipients per message');
  });

  it('names the daily message limit with a 429', () => {
    const verdict = checkSendLimits(limits, 'a@example.com', { messages: 2000, recipients: 0 }, 1);
    expect(verdict).toMatchObject({ isAllowed: false, limit: 'messagesPerDay', status: 429 });
    expect(!verdict.isAllowed && verdict.message).toContain('2000 messages per sender per rolling 24 hours');
  });

  it('names the daily recipient limit with a 429', () => {
    const verdict = checkSendLimits(limits, 'a@example.com', { messages: 10, recipients: 9950 }, 51);
    expect(verdict).toMatchObject({ isAllowed: false, limit: 'recipientsPerDay', status: 429 });
  });
});
