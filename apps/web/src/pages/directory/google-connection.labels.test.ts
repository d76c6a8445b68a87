import { describe, expect, it } from 'vitest';
import type { TGoogleKeySummary, TSetupCheckItem } from '../../api/google-connection';
import {
  checkSummary,
  connectionBadge,
  isKeyDueForRotation,
  isP12FileName,
  keyAgeText,
  missingConnectionParts,
  scopePurpose,
  scopesForDelegationForm,
} from './google-connection.labels';

const item = (status: TSetupCheckItem['status']): TSetupCheckItem => ({
  id: 'key-signs',
  label: 'A check',
  status,
  message: '',
});

describe('Google connection labels', () => {
  it("joins the scopes with bare commas, as Google's delegation form expects", () => {
    expect(scopesForDelegationForm(['https://a/', 'https://b/'])).toBe('https://a/,https://b/');
  });

  it('says how old a key is in days', () => {
    expect(keyAgeText(0)).toBe('Uploaded today');
    expect(keyAgeText(1)).toBe('1 day old');
    expect(keyAgeText(42)).toBe('42 days old');
  });

  it('flags keys from 90 days on for rotation', () => {
    expect(isKeyDueForRotation(89)).toBe(false);
    expect(isKeyDueForRotation(90)).toBe(true);
  });

  it('recognises .p12 and .pfx file names only', () => {
    expect(isP12FileName('project-123abc.P12')).toBe(true);
    expect(isP12FileName('key.pfx')).toBe(true);
    expect(isP12FileName('key.p12.json')).toBe(false);
  });

  it('explains what each scope is for', () => {
    expect(scopePurpose('https://mail.google.com/')).toMatch(/IMAP and SMTP/);
    expect(scopePurpose('https://example.com/other')).toBe('Required by the connector');
  });

  it('summarises a checklist', () => {
    expect(checkSummary([item('passed'), item('passed')])).toBe('All 2 checks passed.');
    expect(checkSummary([item('passed'), item('failed'), item('skipped'), item('skipped')])).toBe(
      '1 of 4 checks failed, 2 skipped.',
    );
    expect(checkSummary([item('failed')])).toBe('1 of 1 check failed.');
  });

  it('names what the connection still lacks before synchronization can read Google', () => {
    const key: TGoogleKeySummary = {
      format: 'json',
      clientEmail: 'sync@project.iam.gserviceaccount.com',
      clientId: '1234567890',
      privateKeyId: 'k1',
      projectId: 'project',
      tokenUri: 'https://oauth2.googleapis.com/token',
      uploadedAt: '2026-01-01T00:00:00.000Z',
      uploadedBy: 'admin',
      ageDays: 0,
    };
    expect(missingConnectionParts({ key: null, adminUser: null })).toEqual([
      'the service-account key',
      'the admin user',
    ]);
    expect(missingConnectionParts({ key, adminUser: null })).toEqual(['the admin user']);
    expect(missingConnectionParts({ key, adminUser: 'admin@example.com' })).toEqual([]);
  });

  it('badges the connection tab with the last check of this key and admin user', () => {
    const key = { ageDays: 1 } as TGoogleKeySummary;
    const setUp = { key, adminUser: 'admin@example.com' };
    const check = (isPassed: boolean, isCurrent = true) => ({
      isPassed,
      isCurrent,
      checkedAt: '2026-12-06T09:30:00Z',
      items: [item(isPassed ? 'passed' : 'failed')],
    });
    expect(connectionBadge({ key: null, adminUser: null, lastCheck: null })).toEqual({
      tone: 'warning',
      text: 'Not set up',
    });
    expect(connectionBadge({ ...setUp, lastCheck: null })).toBeNull();
    expect(connectionBadge({ ...setUp, lastCheck: check(true) })).toEqual({
      tone: 'success',
      text: expect.stringMatching(/^Verified Dec 6, 2026, \d{1,2}:30 (AM|PM)$/),
    });
    expect(connectionBadge({ ...setUp, lastCheck: check(false) })).toEqual({
      tone: 'danger',
      text: 'Check failed',
    });
    // A check of another key or admin user says nothing about this one.
    expect(connectionBadge({ ...setUp, lastCheck: check(false, false) })).toBeNull();
  });
});
