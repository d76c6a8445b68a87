import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from './browser';
import { startConsoleWithGoogle, type TConsoleWithGoogle } from './console-harness';
import { signInAsAdmin } from './console-steps';

// Issue 10, "What a first-time admin trips over", item 4.
const ADMIN_PASSWORD = 'google sign-in fields admin password';

const form = (page: Page) => page.getByRole('form', { name: 'Google sign-in settings' });
const field = (page: Page, label: string) => form(page).getByLabel(label, { exact: true });

async function save(page: Page): Promise<void> {
  const answer = page.waitForResponse((response) => response.url().endsWith('/api/oidc/settings'));
  await form(page).getByRole('button', { name: 'Save', exact: true }).click();
  await answer;
}

/** The message under a field, tied to it by aria-describedby; null when the field is not marked. */
async function fieldError(page: Page, label: string): Promise<string | null> {
  const input = field(page, label);
  if ((await input.getAttribute('aria-invalid')) !== 'true') return null;
  const id = await input.getAttribute('aria-describedby');
  return page.locator(`[id="${id}"]`).textContent();
}

describe('Sign-in with Google settings: a failed save points at the fields', () => {
  let h: TConsoleWithGoogle;
  let page: Page;

  beforeAll(async () => {
    h = await startConsoleWithGoogle({
      adminPassword: ADMIN_PASSWORD,
      env: (emulator) => ({
        GOOGLE_OIDC_ISSUER: emulator.issuer,
        ALLOW_INSECURE_OIDC_FOR_LOCAL_TESTING: 'true',
      }),
    });
    ({ page } = h);
    await signInAsAdmin(page, ADMIN_PASSWORD);
    await page.goto('/google-sign-in');
    await form(page).waitFor();
  });

  afterAll(async () => {
    await h?.close();
  });

  it("marks a missing client ID with the server's own message, and says nothing was saved", async () => {
    await field(page, 'Public URL').fill(h.server.url);
    await save(page);

    await expect.poll(() => fieldError(page, 'Client ID')).toBe('Enter the client ID.');
    expect(await fieldError(page, 'Public URL')).toBeNull();
    const alert = form(page).getByRole('alert');
    expect(await alert.textContent()).toBe('The settings were not savedFix the marked field: Client ID.');
    expect(await form(page).getByText('Saved', { exact: true }).count()).toBe(0);
    // Focus lands on the problem.
    expect(await field(page, 'Client ID').evaluate((input) => input === document.activeElement)).toBe(true);
    await screenshot(page, 'google-sign-in-missing-client-id');
  });

  it('a field rejected by the service itself (no secret stored yet) is marked the same way', async () => {
    await field(page, 'Client ID').fill('424242-wac.apps.googleusercontent.com');
    // Editing a marked field clears its mark.
    expect(await fieldError(page, 'Client ID')).toBeNull();
    await save(page);

    await expect
      .poll(() => fieldError(page, 'Client secret'))
      .toBe('Enter the client secret from the Google Cloud console.');
    expect(await fieldError(page, 'Client ID')).toBeNull();
    expect(await form(page).getByText('Saved', { exact: true }).count()).toBe(0);
    await screenshot(page, 'google-sign-in-missing-client-secret');
  });

  it('after a good save, a failed one takes the "Saved" confirmation away', async () => {
    await field(page, 'Client secret').fill('GOCSPX-browser-test-secret');
    await save(page);
    await form(page).getByText('Saved', { exact: true }).waitFor();
    expect(await form(page).locator('[aria-invalid="true"]').count()).toBe(0);

    await field(page, 'Client ID').fill('');
    await save(page);
    await expect.poll(() => fieldError(page, 'Client ID')).toBe('Enter the client ID.');
    expect(await form(page).getByText('Saved', { exact: true }).count()).toBe(0);
    await screenshot(page, 'google-sign-in-failed-after-saved');
  });
});
