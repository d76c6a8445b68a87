import { privilegeLabel, sortPrivileges } from '../lib/privileges';

export function PrivilegeList({ privileges }: { privileges: string[] }) {
  const sorted = sortPrivileges(privileges);
  if (sorted.length === 0) {
    return <p className="text-muted">No privileges. This user cannot log on or use any feature.</p>;
  }
  return (
    <ul className="privilege-list" aria-label="Privileges">
      {sorted.map((privilege) => (
        <li key={privilege} className="privilege-list__item">
          <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
            <path
              d="m3.5 8.5 3 3 6-7"
              fill="none"
              stroke="currentColor"
              strokeWidth="1.8"
              strokeLinecap="round"
              strokeLinejoin="round"
            />
          </svg>
          {privilegeLabel(privilege)}
        </li>
      ))}
    </ul>
  );
}
