// Drives MSAL Node against the emulator in its own process, as a user would run it (NODE_EXTRA_CA_CERTS,
// IDENTITY_ENDPOINT…), and prints one JSON line describing the outcome for the test to assert on.
import { ClientSecretCredential } from "@azure/identity";
import {
  ConfidentialClientApplication,
  CryptoProvider,
  ManagedIdentityApplication,
  ResponseMode,
  type AuthenticationResult,
  type Configuration,
} from "@azure/msal-node";

export type Scenario =
  | {
      kind: "client-secret";
      authority: string;
      knownAuthority: string;
      clientId: string;
      clientSecret: string;
      scope: string;
    }
  | {
      kind: "client-certificate";
      authority: string;
      knownAuthority: string;
      clientId: string;
      thumbprintSha256: string;
      privateKey: string;
      scope: string;
    }
  | {
      kind: "auth-code";
      authority: string;
      knownAuthority: string;
      clientId: string;
      clientSecret: string;
      redirectUri: string;
      scopes: string[];
      userPrincipalName: string;
      /** Sent to acquireTokenByCode instead of the nonce used at /authorize, to prove MSAL checks it. */
      tamperNonce?: boolean;
      /** form_post is what Microsoft's Node web-app sample uses; query is MSAL's default. */
      responseMode?: "query" | "form_post";
    }
  | { kind: "managed-identity"; resource: string; userAssignedClientId?: string }
  /** The Azure SDK's credential (its own bundled MSAL), as the ARM clients use it. */
  | {
      kind: "azure-identity-secret";
      authorityHost: string;
      tenantId: string;
      clientId: string;
      clientSecret: string;
      scope: string;
    };

export interface Outcome {
  ok: boolean;
  error?: { name: string; errorCode?: string; message: string };
  source?: string;
  results?: {
    accessToken: string;
    idToken?: string;
    fromCache: boolean;
    tenantId?: string;
    username?: string;
    idTokenClaims?: object;
  }[];
}

function cca(s: { authority: string; knownAuthority: string; clientId: string }, credential: Configuration["auth"]) {
  return new ConfidentialClientApplication({
    auth: { ...credential, clientId: s.clientId, authority: s.authority, knownAuthorities: [s.knownAuthority] },
  });
}

function summary(r: AuthenticationResult) {
  return {
    accessToken: r.accessToken,
    idToken: r.idToken || undefined,
    fromCache: r.fromCache,
    tenantId: r.tenantId,
    username: r.account?.username,
    idTokenClaims: r.idTokenClaims,
  };
}

async function run(s: Scenario): Promise<Outcome> {
  switch (s.kind) {
    case "client-secret": {
      const app = cca(s, { clientId: s.clientId, clientSecret: s.clientSecret });
      const first = await app.acquireTokenByClientCredential({ scopes: [s.scope] });
      const second = await app.acquireTokenByClientCredential({ scopes: [s.scope] });
      return { ok: true, results: [first, second].filter((r) => r !== null).map(summary) };
    }
    case "client-certificate": {
      const app = cca(s, {
        clientId: s.clientId,
        clientCertificate: { thumbprintSha256: s.thumbprintSha256, privateKey: s.privateKey },
      });
      const first = await app.acquireTokenByClientCredential({ scopes: [s.scope] });
      return { ok: true, results: first ? [summary(first)] : [] };
    }
    case "auth-code":
      return authCode(s);
    case "azure-identity-secret": {
      // disableInstanceDiscovery is how @azure/identity learns to trust an authority it does not know.
      const credential = new ClientSecretCredential(s.tenantId, s.clientId, s.clientSecret, {
        authorityHost: s.authorityHost,
        disableInstanceDiscovery: true,
      });
      const token = await credential.getToken(s.scope);
      return { ok: true, results: [{ accessToken: token.token, fromCache: false }] };
    }
    case "managed-identity": {
      const app = new ManagedIdentityApplication(
        s.userAssignedClientId ? { managedIdentityIdParams: { userAssignedClientId: s.userAssignedClientId } } : {},
      );
      const first = await app.acquireToken({ resource: s.resource });
      const second = await app.acquireToken({ resource: s.resource });
      return { ok: true, source: app.getManagedIdentitySource(), results: [first, second].map(summary) };
    }
  }
}

async function authCode(s: Extract<Scenario, { kind: "auth-code" }>): Promise<Outcome> {
  const app = cca(s, { clientId: s.clientId, clientSecret: s.clientSecret });
  const crypto = new CryptoProvider();
  const { verifier, challenge } = await crypto.generatePkceCodes();
  const state = crypto.createNewGuid();
  const nonce = crypto.createNewGuid();
  const url = await app.getAuthCodeUrl({
    scopes: s.scopes,
    redirectUri: s.redirectUri,
    codeChallenge: challenge,
    codeChallengeMethod: "S256",
    state,
    nonce,
    responseMode: s.responseMode === "form_post" ? ResponseMode.FORM_POST : ResponseMode.QUERY,
  });

  // The person at the browser: open the page, press the button naming the chosen user.
  const page = await fetch(url);
  if (page.status !== 200) throw new Error(`authorize page answered ${page.status}: ${await page.text()}`);
  const html = await page.text();
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error("no sign-in form on the authorize page");
  const form = new URLSearchParams();
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    form.set(unescape(m[1] ?? ""), unescape(m[2] ?? ""));
  }
  const button = new RegExp(
    `<button type="submit" name="user_id" value="([^"]+)"[^>]*>Sign in to the emulated tenant as [^<]*</button><span[^>]*>${escapeRegExp(s.userPrincipalName)} `,
  ).exec(html);
  if (!button?.[1]) throw new Error(`no button for ${s.userPrincipalName}`);
  form.set("user_id", button[1]);
  const choice = await fetch(new URL(unescape(action), url), {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: form.toString(),
    redirect: "manual",
  });
  const { code, returnedState } = await readAuthorizationResponse(choice, s.redirectUri);

  const result = await app.acquireTokenByCode(
    {
      code,
      redirectUri: s.redirectUri,
      scopes: s.scopes,
      codeVerifier: verifier,
      state,
      nonce: s.tamperNonce ? `${nonce}-x` : nonce,
    },
    { code, state: returnedState },
  );
  return { ok: true, results: [summary(result)] };
}

/** What the browser would deliver to the redirect URI: query parameters, or the fields of the form_post page. */
async function readAuthorizationResponse(choice: Response, redirectUri: string) {
  if (choice.status === 302) {
    const location = choice.headers.get("location") ?? "";
    const back = new URL(location);
    if (`${back.origin}${back.pathname}` !== redirectUri) throw new Error(`redirected to ${location}`);
    return { code: back.searchParams.get("code") ?? "", returnedState: back.searchParams.get("state") ?? "" };
  }
  const html = await choice.text();
  if (choice.status !== 200) throw new Error(`sign-in choice answered ${choice.status}: ${html}`);
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  if (!action || unescape(action) !== redirectUri) throw new Error(`form_post targets ${action ?? "nothing"}`);
  const field = (name: string) =>
    unescape(new RegExp(`<input type="hidden" name="${name}" value="([^"]*)">`).exec(html)?.[1] ?? "");
  return { code: field("code"), returnedState: field("state") };
}

function unescape(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

const input = process.env.MSAL_SCENARIO;
if (input) {
  run(JSON.parse(input) as Scenario)
    .then((outcome) => process.stdout.write(`${JSON.stringify(outcome)}\n`))
    .catch((error: unknown) => {
      const e = error as { name?: string; errorCode?: string; message?: string };
      const outcome: Outcome = {
        ok: false,
        error: { name: e.name ?? "Error", errorCode: e.errorCode, message: e.message ?? String(error) },
      };
      process.stdout.write(`${JSON.stringify(outcome)}\n`);
    });
}
