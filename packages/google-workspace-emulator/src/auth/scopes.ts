export const SCOPES = {
  directoryUserReadonly: 'https://www.googleapis.com/auth/admin.directory.user.readonly',
  directoryGroupReadonly: 'https://www.googleapis.com/auth/admin.directory.group.readonly',
  mail: 'https://mail.google.com/',
} as const;

/** The three scopes the connector asks an admin to authorise for domain-wide delegation. */
export const CONNECTOR_SCOPES: readonly string[] = [
  SCOPES.directoryUserReadonly,
  SCOPES.directoryGroupReadonly,
  SCOPES.mail,
];
