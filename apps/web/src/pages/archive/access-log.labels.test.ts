import { describe, expect, it } from 'vitest';
import { accessWhat } from './access-log.labels';

describe('accessWhat', () => {
  it('says what a search looked for and how much it found', () => {
    expect(
      accessWhat({
        action: 'SEARCH',
        query: 'from:anna',
        messageId: null,
        details: { count: 1000, isExact: false },
      }),
    ).toBe('"from:anna" · more than 1,000 found');
    expect(
      accessWhat({ action: 'SEARCH', query: '', messageId: null, details: { count: 1, isExact: true } }),
    ).toBe('all messages · 1 found');
  });

  it('names the file, the export and the mailbox a restore went into', () => {
    expect(
      accessWhat({
        action: 'ATTACHMENT',
        query: null,
        messageId: 'a'.repeat(64),
        details: { filename: 'r.pdf' },
      }),
    ).toBe('r.pdf · message aaaaaaaaaa…');
    expect(
      accessWhat({
        action: 'EXPORT',
        query: null,
        messageId: null,
        details: { format: 'ZIP', messages: 2, description: '2 selected messages' },
      }),
    ).toBe('2 selected messages · zip · 2 messages');
    expect(
      accessWhat({
        action: 'RESTORE',
        query: null,
        messageId: null,
        details: { messages: 1, mailbox: 'a@x.com' },
      }),
    ).toBe('1 message · into a@x.com');
  });

  it('shows why a refused access failed, and a dash when nothing was recorded', () => {
    expect(accessWhat({ action: 'RAW', query: null, messageId: null, details: { error: 'NOT_FOUND' } })).toBe(
      'error NOT_FOUND',
    );
    expect(accessWhat({ action: 'THREAD', query: null, messageId: null, details: {} })).toBe('—');
  });
});
