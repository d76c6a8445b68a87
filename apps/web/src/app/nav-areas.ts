import type { TNavIconName } from '../components/nav-icon';

export type TNavArea = { to: string; label: string; icon: TNavIconName };

export const NAV_AREAS: readonly TNavArea[] = [
  { to: '/users', label: 'Users', icon: 'users' },
  { to: '/directory', label: 'Directory Services', icon: 'directory' },
  { to: '/google-sign-in', label: 'Sign-in with Google', icon: 'google' },
  { to: '/archive', label: 'Archive', icon: 'archive' },
  { to: '/mail', label: 'Mail', icon: 'mail' },
  { to: '/settings', label: 'Settings', icon: 'settings' },
];

export const PRODUCT_NAME = 'Workspace Archive Connector';
