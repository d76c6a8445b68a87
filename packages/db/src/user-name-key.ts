/**
 * The value stored in `users.user_name_key`, whose unique index makes user names unique
 * regardless of case. Computed here rather than with SQL lower(), whose result depends on the
 * database's locale settings; every write of `userName` must write this alongside it.
 */
export function toUserNameKey(userName: string): string {
  return userName.normalize('NFC').toLowerCase();
}
