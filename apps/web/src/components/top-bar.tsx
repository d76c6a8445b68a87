import type { TSessionUser } from '../api/auth';
import { SignOutButton } from './sign-out-button';

function initials(user: TSessionUser): string {
  const source = user.fullName.trim() || user.userName;
  const parts = source.split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? `${parts[0]![0]}${parts.at(-1)![0]}` : source.slice(0, 2);
  return letters.toUpperCase();
}

type TTopBarProps = { user: TSessionUser; isMenuOpen: boolean; onMenuToggle: () => void };

export function TopBar({ user, isMenuOpen, onMenuToggle }: TTopBarProps) {
  return (
    <header className="top-bar">
      {/* Shown under 900px only, where the side menu collapses into a drawer. */}
      <button
        type="button"
        className="top-bar__menu-button"
        aria-controls="main-menu"
        aria-expanded={isMenuOpen}
        onClick={onMenuToggle}
      >
        <svg viewBox="0 0 20 20" width="20" height="20" aria-hidden="true" focusable="false">
          <path
            d="M3 5.5h14M3 10h14M3 14.5h14"
            stroke="currentColor"
            strokeWidth="1.6"
            strokeLinecap="round"
          />
        </svg>
        Menu
      </button>
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
