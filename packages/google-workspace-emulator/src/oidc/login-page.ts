import type { TUser } from '../domain/user.store';

export const CHOOSE_PATH = '/o/oauth2/v2/auth/choose';

export type TLoginPageModel = {
  pendingId: string;
  clientId: string;
  users: readonly TUser[];
  totalUsers: number;
  preselected?: TUser;
  typedEmail?: string;
  error?: string;
};

/**
 * Google's account chooser, reduced to what browser tests drive: one button per user (labelled
 * with the address) and a field to type an address for users the list does not show.
 */
export function renderLoginPage(model: TLoginPageModel): string {
  const buttons = model.users
    .map((user) => {
      const isPreselected = model.preselected?.id === user.id;
      return `<li><button type="submit" name="account" value="${escapeHtml(user.id)}" data-email="${escapeHtml(user.primaryEmail)}"${
        isPreselected ? ' autofocus class="preselected"' : ''
      }>${escapeHtml(`${user.givenName} ${user.familyName}`)} &lt;${escapeHtml(user.primaryEmail)}&gt;${
        user.suspended ? ' (suspended)' : ''
      }</button></li>`;
    })
    .join('\n');
  const more =
    model.totalUsers > model.users.length
      ? `<p>${model.totalUsers - model.users.length} more users are not listed; type an address below.</p>`
      : '';
  const error = model.error ? `<p role="alert" class="error">${escapeHtml(model.error)}</p>` : '';
  const typed = model.typedEmail ?? model.preselected?.primaryEmail ?? '';
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Sign in - Google Accounts (emulator)</title>
<style>body{font-family:sans-serif;max-width:40rem;margin:2rem auto}li{list-style:none;margin:.25rem 0}
button{min-width:24rem;text-align:left;padding:.4rem}.preselected{outline:3px solid #1a73e8}.error{color:#b00020}</style>
</head>
<body>
<h1>Choose an account</h1>
<p>to continue to <strong>${escapeHtml(model.clientId)}</strong></p>
${error}
<form method="post" action="${CHOOSE_PATH}">
<input type="hidden" name="request" value="${escapeHtml(model.pendingId)}">
<ul>
${buttons}
</ul>
</form>
${more}
<form method="post" action="${CHOOSE_PATH}">
<input type="hidden" name="request" value="${escapeHtml(model.pendingId)}">
<label for="email">Email or phone</label>
<input id="email" name="email" type="email" autocomplete="username" value="${escapeHtml(typed)}">
<button type="submit" id="next">Next</button>
</form>
</body>
</html>`;
}

export function renderErrorPage(status: number, error: string, description: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Error ${status}: ${escapeHtml(error)}</title></head>
<body><h1>Access blocked: authorization error</h1>
<p role="alert">Error ${status}: ${escapeHtml(error)}</p><p>${escapeHtml(description)}</p></body></html>`;
}

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}
