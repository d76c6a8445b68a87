import type { Page } from 'playwright-core';
import { DELEGATED_SCOPES, type TConsoleWithGoogle } from './console-harness';

/** Uploads a fully delegated key from the stand-in and saves its admin user, through the console. */
export async function connectGoogleWorkspace(h: TConsoleWithGoogle, page: Page): Promise<void> {
  const key = h.emulator.createServiceAccountKey({ delegatedScopes: DELEGATED_SCOPES });
  const keyFile = await h.writeFile('wac-emulator-key.json', key.json, { mode: 0o600 });
  await page.goto('/directory/connection');
  await page.getByLabel('Key file').setInputFiles(keyFile);
  await page.getByRole('button', { name: 'Upload key' }).click();
  await page.getByText('Key uploaded').waitFor();
  await page.getByLabel('Admin user email').fill('admin@example.com');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByText('Saved', { exact: true }).waitFor();
}

/** Runs Synchronize now on the saved settings and waits for its verdict. */
export async function synchronizeNow(page: Page, verdict = 'Succeeded'): Promise<void> {
  await page.goto('/directory/synchronization');
  await page.getByRole('button', { name: 'Synchronize now' }).click();
  await page
    .getByLabel('Synchronization run')
    .getByRole('heading', { name: /Manual sync/ })
    .getByText(verdict)
    .waitFor({ timeout: 30_000 });
}

/** The viewport of a common phone, upright. */
export const PHONE = { width: 390, height: 844 };
