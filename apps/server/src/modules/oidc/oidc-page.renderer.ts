import type { TOidcDenial } from './oidc-denial';
import type { TTestOutcome } from './oidc-flow.service';

/**
 * The pages /oidc/signin answers with when it does not redirect. Server-rendered, so a denial is
 * readable even when the console is not built, and the reason comes from the server alone (a
 * reason in the URL could be forged by whoever sent the link).
 */

// Inline styles only; the page loads nothing, and the CSP set with it forbids everything else.
export const PAGE_CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const STYLE = `
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f4f6f8;color:#1d2733}
main{max-width:34rem;margin:12vh auto;padding:2rem 2.25rem;background:#fff;border:1px solid #dde3ea;border-radius:10px;box-shadow:0 1px 3px rgba(16,24,40,.06)}
.product{margin:0 0 1.25rem;font-size:.8rem;font-weight:600;letter-spacing:.04em;text-transform:uppercase;color:#5b6b7c}
h1{margin:0 0 .75rem;font-size:1.35rem}
.denied h1{color:#a4262c}.succeeded h1{color:#1e6b3a}
p{margin:.5rem 0}
.reason{padding:.75rem 1rem;border-radius:6px;background:#f8f9fb;border-left:4px solid #a4262c}
.succeeded .reason{border-left-color:#1e6b3a}
.meta{margin-top:1rem;font-size:.8rem;color:#5b6b7c}
code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace}
nav{display:flex;gap:1rem;margin-top:1.5rem}
a{color:#0b57d0;text-decoration:none;font-weight:500}a:hover{text-decoration:underline}`;

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

function page(input: { title: string; tone: 'denied' | 'succeeded'; body: string }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(input.title)} - Workspace Archive Connector</title>
<style>${STYLE}</style>
</head>
<body>
<main class="${input.tone}">
<p class="product">Workspace Archive Connector</p>
${input.body}
</main>
</body>
</html>`;
}

export function renderDenialPage(denial: TOidcDenial, requestId: string): string {
  return page({
    title: 'Sign-in refused',
    tone: 'denied',
    body: `<h1>You could not be signed in</h1>
<p class="reason" role="alert" data-reason="${escapeHtml(denial.code)}">${escapeHtml(denial.message)}</p>
<p class="meta">Reason: <code>${escapeHtml(denial.code)}</code> &middot; Request <code>${escapeHtml(requestId)}</code></p>
<nav><a href="/oidc/signin">Sign in with another Google account</a><a href="/sign-in">Administrator sign-in</a></nav>`,
  });
}

export function renderTestFinishedPage(outcome: TTestOutcome): string {
  const isSuccess = outcome.status === 'SUCCEEDED';
  return page({
    title: 'Test authentication finished',
    tone: isSuccess ? 'succeeded' : 'denied',
    body: `<h1>Test authentication ${isSuccess ? 'succeeded' : 'failed'}</h1>
<p class="reason" role="status" data-reason="${escapeHtml(outcome.reasonCode ?? 'OK')}">${escapeHtml(outcome.message)}</p>
<p>No one was signed in by this test. You can close this window; the console shows the result.</p>`,
  });
}
