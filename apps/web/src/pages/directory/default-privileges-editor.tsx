import { DEFAULT_PRIVILEGE_CHOICES } from '@wac/api-contract/privileges';
import type { TArchiveAccess } from '../../api/directory-sync';
import { Alert } from '../../components/alert';
import { privilegeLabel } from '../../lib/privileges';

const ACCESS_LABELS: Record<TArchiveAccess, string> = { read: 'Read', write: 'Write', delete: 'Delete' };

type TProps = {
  privileges: string[];
  archiveAccess: TArchiveAccess[];
  onPrivilegesChange: (privileges: string[]) => void;
  onArchiveAccessChange: (access: TArchiveAccess[]) => void;
};

function toggled<T>(list: readonly T[], item: T): T[] {
  return list.includes(item) ? list.filter((value) => value !== item) : [...list, item];
}

/** Privileges and own-archive access that newly created directory users get (existing users keep theirs). */
export function DefaultPrivilegesEditor({
  privileges,
  archiveAccess,
  onPrivilegesChange,
  onArchiveAccessChange,
}: TProps) {
  const mayDelete = privileges.includes('delete') || archiveAccess.includes('delete');
  return (
    <div className="ds-privileges">
      <fieldset className="ds-fieldset">
        <legend className="field__label">Global privileges</legend>
        <div className="ds-check-grid">
          {DEFAULT_PRIVILEGE_CHOICES.map((privilege) => (
            <label key={privilege} className="ds-check">
              <input
                type="checkbox"
                checked={privileges.includes(privilege)}
                onChange={() => onPrivilegesChange(toggled(privileges, privilege))}
              />
              <span>{privilegeLabel(privilege)}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset className="ds-fieldset">
        <legend className="field__label">Access to their own archive</legend>
        <div className="ds-check-grid">
          {(Object.keys(ACCESS_LABELS) as TArchiveAccess[]).map((access) => (
            <label key={access} className="ds-check">
              <input
                type="checkbox"
                checked={archiveAccess.includes(access)}
                onChange={() => onArchiveAccessChange(toggled(archiveAccess, access))}
              />
              <span>{ACCESS_LABELS[access]}</span>
            </label>
          ))}
        </div>
      </fieldset>
      {!privileges.includes('login') ? (
        <Alert tone="warning" title="New users will not be able to log on">
          Without “Log on”, synchronized users cannot sign in, not even with Google.
        </Alert>
      ) : null}
      {mayDelete ? (
        <Alert tone="warning" title="Compliance risk: users may delete archived e-mail">
          Letting users delete messages from their archive undermines retention and legal holds. Most
          organizations archive precisely so that mail cannot be deleted; grant this only if your policy
          allows it.
        </Alert>
      ) : null}
    </div>
  );
}
