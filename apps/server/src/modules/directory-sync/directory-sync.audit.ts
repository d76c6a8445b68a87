export const DIRECTORY_SYNC_AUDIT_ACTIONS = {
  settingsUpdated: 'directory_sync.settings_updated',
  runRequested: 'directory_sync.run_requested',
  deletionsConfirmed: 'directory_sync.deletions_confirmed',
  staleUserRemoved: 'directory_sync.stale_user_removed',
} as const;
