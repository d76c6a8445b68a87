import type { Page } from 'playwright-core';

export const ADMIN_USER_NAME = 'admin';

export async function fillSignInForm(page: Page, userName: string, password: string): Promise<void> {
  await page.getByLabel('User name').fill(userName);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** Signs in and opens Users (a fresh console would land on the setup checklist instead). */
export async function signInAsAdmin(page: Page, password: string): Promise<void> {
  // Asking for /users first makes sign-in return there, as it does for a bookmarked page.
  await page.goto('/users');
  await page.waitForURL('**/sign-in');
  await fillSignInForm(page, ADMIN_USER_NAME, password);
  await page.waitForURL('**/users');
  await page.getByTestId('signed-in-user').filter({ hasText: ADMIN_USER_NAME }).waitFor();
}

export function pathOf(page: Page): string {
  return new URL(page.url()).pathname;
}
