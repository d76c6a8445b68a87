export const AUDIT_ACTIONS = {
  signInSucceeded: 'auth.sign_in.succeeded',
  signInFailed: 'auth.sign_in.failed',
  signInThrottled: 'auth.sign_in.throttled',
  signOut: 'auth.sign_out',
  userCreated: 'user.created',
} as const;

export type TAuditAction = (typeof AUDIT_ACTIONS)[keyof typeof AUDIT_ACTIONS];
