/** Audit actions of the Google connection; details name keys by id, never by content. */
export const GOOGLE_AUDIT_ACTIONS = {
  keyImported: 'google.key.imported',
  keyRotated: 'google.key.rotated',
  keyRotationRejected: 'google.key.rotation_rejected',
  candidateDiscarded: 'google.key.candidate_discarded',
  adminUserChanged: 'google.admin_user.changed',
} as const;
