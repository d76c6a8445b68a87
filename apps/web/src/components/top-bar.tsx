import type { TSessionUser } from '../api/auth';
import { SignOutButton } from './sign-out-button';

function initials(user: TSessionUser): string {
  const source = user.fullName.trim() || user.userName;
  const parts = source.split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? `${parts[0]![0]}${parts.at(-1)![0]}` : source.slice(0, 2);
  return letters.toUpperCase();
}

export function TopBar({ user }: { user: TSessionUser }) {
  return (
    <header className="top-bar">
      <div className="top-bar__user" data-testid="signed-in-user">
        <span className="avatar" aria-hidden="true">
          {initials(user)}
        </span>
        <span className="top-bar__identity">
          <span className="top-bar__name">{user.fullName || user.userName}</span>
          <span className="top-bar__meta">Signed in as {user.userName}</span>
        </span>
      </div>
      <SignOutButton />
    </header>
  );
}
