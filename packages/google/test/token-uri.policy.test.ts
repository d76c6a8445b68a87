import { describe, expect, it } from 'vitest';
import { assertTrustedTokenUri, KeyFileError } from '../src/index';

function rejection(tokenUri: string, configured: string[] = []): KeyFileError {
  try {
    assertTrustedTokenUri(tokenUri, configured);
  } catch (error) {
    if (error instanceof KeyFileError) return error;
    throw error;
  }
  throw new Error(`expected ${tokenUri} to be refused`);
}

describe('assertTrustedTokenUri', () => {
  it.each(['https://oauth2.googleapis.com/token', 'https://accounts.google.com/o/oauth2/token'])(
    "accepts Google's endpoint %s",
    (tokenUri) => {
      expect(() => assertTrustedTokenUri(tokenUri)).not.toThrow();
    },
  );

  it.each([
    'http://oauth2.googleapis.com/token',
    'https://attacker.example/token',
    'https://oauth2.googleapis.com.attacker.example/token',
    'https://oauth2.googleapis.com:8443/token',
    'https://user:pw@oauth2.googleapis.com/token',
    'http://127.0.0.1:4555/token',
    'not a url',
  ])('refuses %s, naming the field', (tokenUri) => {
    const error = rejection(tokenUri);
    expect(error.code).toBe('KEY_FILE_INVALID_FIELD');
    expect(error.details.field).toBe('token_uri');
    expect(error.message).toContain("is not Google's token endpoint");
  });

  it('accepts exactly the endpoint the operator configured (GOOGLE_TOKEN_URI), nothing near it', () => {
    expect(() =>
      assertTrustedTokenUri('http://127.0.0.1:4555/token', ['http://127.0.0.1:4555/token']),
    ).not.toThrow();
    expect(rejection('http://127.0.0.1:4556/token', ['http://127.0.0.1:4555/token']).code).toBe(
      'KEY_FILE_INVALID_FIELD',
    );
  });
});
