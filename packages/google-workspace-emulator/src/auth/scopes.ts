export const SCOPES = {
  directoryUserReadonly: 'https://www.googleapis.com/auth/admin.directory.user.readonly',
  directoryGroupReadonly: 'https://www.googleapis.com/auth/admin.directory.group.readonly',
  mail: 'https://mail.google.com/',
  /** Optional for the connector: lets a sync list each domain of the account in parallel. */
  directoryDomainReadonly: 'https://www.googleapis.com/auth/admin.directory.domain.readonly',
} as const;

/** The three scopes the connector asks an admin to authorise for domain-wide delegation. */
export const CONNECTOR_SCOPES: readonly string[] = [
  SCOPES.directoryUserReadonly,
  SCOPES.directoryGroupReadonly,
  SCOPES.mail,
];
