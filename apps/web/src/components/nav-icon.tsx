import type { ReactElement } from 'react';

export type TNavIconName = 'setup' | 'users' | 'directory' | 'google' | 'archive' | 'mail' | 'settings';

// Simple 20px line icons drawn here so the console ships without an icon font or CDN.
const PATHS: Record<TNavIconName, ReactElement> = {
  setup: (
    <>
      <rect x="3.5" y="2.5" width="13" height="15" rx="1.5" />
      <path d="m6.5 7 1.3 1.3L10.5 5.5M6.5 12.5l1.3 1.3 2.7-2.8M12.5 7.5h1.5M12.5 13h1.5" />
    </>
  ),
  users: (
    <>
      <circle cx="8" cy="7" r="3" />
      <path d="M2.5 16.5c.6-2.8 2.8-4.5 5.5-4.5s4.9 1.7 5.5 4.5" />
      <path d="M13 4.3a3 3 0 0 1 0 5.4M15 12.3c1.4.6 2.3 2 2.6 4.2" />
    </>
  ),
  directory: (
    <>
      <rect x="7" y="2.5" width="6" height="4" rx="1" />
      <rect x="2.5" y="13.5" width="6" height="4" rx="1" />
      <rect x="11.5" y="13.5" width="6" height="4" rx="1" />
      <path d="M10 6.5v3.5M5.5 13.5V10h9v3.5" />
    </>
  ),
  google: (
    <>
      <rect x="4" y="8.5" width="12" height="9" rx="1.5" />
      <path d="M7 8.5V6a3 3 0 0 1 6 0v2.5" />
      <circle cx="10" cy="13" r="1.2" />
    </>
  ),
  archive: (
    <>
      <rect x="2.5" y="3.5" width="15" height="4" rx="1" />
      <path d="M4 7.5v8a1 1 0 0 0 1 1h10a1 1 0 0 0 1-1v-8M8 11h4" />
    </>
  ),
  mail: (
    <>
      <rect x="2.5" y="4.5" width="15" height="11" rx="1.5" />
      <path d="m3 5.5 7 5.5 7-5.5" />
    </>
  ),
  settings: (
    <>
      <circle cx="10" cy="10" r="2.5" />
      <path d="M10 2.5v2M10 15.5v2M2.5 10h2M15.5 10h2M4.7 4.7l1.4 1.4M13.9 13.9l1.4 1.4M4.7 15.3l1.4-1.4M13.9 6.1l1.4-1.4" />
    </>
  ),
};

export function NavIcon({ name }: { name: TNavIconName }) {
  return (
    <svg
      className="nav-icon"
      viewBox="0 0 20 20"
      width="20"
      height="20"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.5"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {PATHS[name]}
    </svg>
  );
}
