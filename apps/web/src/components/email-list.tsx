import { Badge } from './badge';

// The API lists the primary address first, then aliases (Google's order).
export function EmailList({ emails }: { emails: string[] }) {
  if (emails.length === 0) return <p className="text-muted">This user has no email addresses.</p>;
  return (
    <ul className="item-list" aria-label="Email addresses">
      {emails.map((email, index) => (
        <li key={email} className="item-list__row">
          <span className="truncate">{email}</span>
          {index === 0 ? <Badge tone="info">Primary</Badge> : <span className="text-subtle">Alias</span>}
        </li>
      ))}
    </ul>
  );
}
