import { describe, expect, it } from 'vitest';
import { nonCanonicalPathReason } from './canonical-path';

describe('nonCanonicalPathReason', () => {
  it.each([
    '/',
    '/api/auth/sign-in',
    '/api/users?search=a%40b&page=2',
    '/users/alice%40example.com',
    '/assets/app-1a2b3c.js',
    '/api/users?next=%2Fusers%2F..',
    '/oidc/signin?code=4%2F0Ab&state=x',
  ])('accepts %s', (target) => {
    expect(nonCanonicalPathReason(target)).toBeNull();
  });

  it.each([
    'http://evil.example/api/auth/sign-in',
    '*',
    '/%61pi/auth/sign-in',
    '/%41PI/x',
    '/api%2fauth/sign-in',
    '/api%2Fauth',
    '/%2e%2e/api',
    '/api/%7euser',
    '/api/a%5fb',
    '/api/a%2Db',
    '//api/auth/sign-in',
    '/api//auth',
    '/./api/auth',
    '/x/../api/auth',
    '/api/auth/..',
    '/api\\auth',
  ])('refuses %s', (target) => {
    expect(nonCanonicalPathReason(target)).toEqual(expect.any(String));
  });
});
