export const OIDC_AUDIT_ACTIONS = {
  settingsUpdated: 'oidc.settings.updated',
  signInSucceeded: 'oidc.sign_in.succeeded',
  signInDenied: 'oidc.sign_in.denied',
  googleIdRecorded: 'oidc.google_id.recorded',
  testStarted: 'oidc.test.started',
  testCompleted: 'oidc.test.completed',
} as const;
