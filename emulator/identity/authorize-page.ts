// HTML of the emulated sign-in page, the form_post hand-back and the signed-out page.

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

const STYLE = `
  body { font-family: system-ui, sans-serif; margin: 0; background: #f3f4f6; color: #111827; }
  main { max-width: 32rem; margin: 3rem auto; background: #fff; padding: 2rem; border-radius: .5rem; box-shadow: 0 1px 3px rgb(0 0 0 / .15); }
  h1 { font-size: 1.4rem; margin-top: 0; }
  ul { list-style: none; padding: 0; }
  li { margin: .75rem 0; }
  button { width: 100%; text-align: left; font: inherit; padding: .75rem 1rem; border: 1px solid #6b7280; border-radius: .375rem; background: #fff; cursor: pointer; }
  button:hover, button:focus-visible { background: #eff6ff; outline: 3px solid #1d4ed8; outline-offset: 2px; }
  .detail { display: block; color: #374151; font-size: .9rem; margin-top: .25rem; }
  .note { color: #374151; font-size: .9rem; }
`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

export interface SignInChoice {
  id: string;
  displayName: string;
  userPrincipalName: string;
  roles: string[];
}

/**
 * One form, one submit button per user. The button's name is just the action and the person, so a
 * screen reader or `getByRole("button", { name: "Sign in to the emulated tenant as Ada Admin" })`
 * finds it; the username and roles are its description.
 */
export function renderSignInPage(input: {
  action: string;
  applicationName: string;
  hiddenFields: Record<string, string>;
  users: SignInChoice[];
}): string {
  const hidden = Object.entries(input.hiddenFields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join("\n");
  const choices = input.users
    .map((u, i) => {
      const roles = u.roles.length > 0 ? `App roles: ${u.roles.join(", ")}` : "No app role assigned";
      return `<li><button type="submit" name="user_id" value="${escapeHtml(u.id)}" aria-describedby="user-${i}-detail">Sign in to the emulated tenant as ${escapeHtml(u.displayName)}</button><span class="detail" id="user-${i}-detail">${escapeHtml(u.userPrincipalName)} · ${escapeHtml(roles)}</span></li>`;
    })
    .join("\n");
  const list =
    input.users.length > 0
      ? `<form method="post" action="${escapeHtml(input.action)}">\n${hidden}\n<ul aria-label="People in the emulated tenant">\n${choices}\n</ul>\n</form>`
      : `<p role="alert">The emulated tenant has no users to sign in as.</p>`;
  return page(
    "Sign in – tenant emulator",
    `<h1>Sign in to the emulated tenant</h1>
<p><strong>${escapeHtml(input.applicationName)}</strong> asks you to sign in. This is the local tenant emulator: choose a person; no password is needed.</p>
${list}
<p class="note">Tokens from this page are signed by the emulator and are only trusted by software pointed at it.</p>`,
  );
}

/** The `response_mode=form_post` hand-back: a self-submitting form with a button when scripts are off. */
export function renderFormPost(redirectUri: string, fields: Record<string, string>): string {
  const hidden = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join("\n");
  return page(
    "Working…",
    `<h1>Returning to the application</h1>
<form method="post" action="${escapeHtml(redirectUri)}" id="hand-back">
${hidden}
<noscript><button type="submit">Continue to the application</button></noscript>
</form>
<script>document.getElementById("hand-back").submit();</script>`,
  );
}

export function renderErrorPage(code: number, message: string): string {
  return page(
    "Sign-in error – tenant emulator",
    `<h1>Sorry, but we're having trouble signing you in.</h1>
<p role="alert">AADSTS${code}: ${escapeHtml(message)}</p>`,
  );
}

export function renderSignedOutPage(): string {
  return page(
    "Signed out – tenant emulator",
    `<h1>You signed out of your account</h1>\n<p>It's a good idea to close all browser windows.</p>`,
  );
}
