export const SENDING_AUDIT_ACTIONS = {
  tokenCreated: 'sending.token_created',
  tokenRevoked: 'sending.token_revoked',
  settingsUpdated: 'sending.settings_updated',
  testSent: 'sending.test_sent',
} as const;
