export const ARCHIVING_AUDIT_ACTIONS = {
  profileUpdated: 'archiving.profile_updated',
  runRequested: 'archiving.run_requested',
  estimateRequested: 'archiving.estimate_requested',
} as const;
