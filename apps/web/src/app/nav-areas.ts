import type { TNavIconName } from '../components/nav-icon';

export type TNavArea = {
  to: string;
  label: string;
  icon: TNavIconName;
  /** An area still being built: hidden (menu entry and route) until SHOW_UPCOMING_AREAS is on. */
  isUpcoming?: boolean;
};

/**
 * The one switch for areas that are placeholders today (Settings). A first-time
 * admin must not find dead ends in the menu; turn this on (or drop an area's isUpcoming) when
 * the area ships.
 */
export const SHOW_UPCOMING_AREAS = false;

const ALL_NAV_AREAS: readonly TNavArea[] = [
  { to: '/users', label: 'Users', icon: 'users' },
  { to: '/archive-folders', label: 'Archive folders', icon: 'archive' },
  { to: '/directory', label: 'Directory Services', icon: 'directory' },
  { to: '/google-sign-in', label: 'Sign-in with Google', icon: 'google' },
  { to: '/archive', label: 'Archive', icon: 'archive' },
  { to: '/mail', label: 'Mail', icon: 'mail' },
  { to: '/system', label: 'System', icon: 'settings' },
  { to: '/settings', label: 'Settings', icon: 'settings', isUpcoming: true },
];

export const isAreaShown = (area: TNavArea) => SHOW_UPCOMING_AREAS || !area.isUpcoming;

export const NAV_AREAS: readonly TNavArea[] = ALL_NAV_AREAS.filter(isAreaShown);

/** Whether the area at this path is shown (routes of hidden areas are not registered either). */
export const isPathShown = (to: string) => NAV_AREAS.some((area) => area.to === to);

/** Where the setup checklist lives; the menu links it while a step is still open. */
export const SETUP_PATH = '/setup';

export const PRODUCT_NAME = 'Workspace Archive Connector';
