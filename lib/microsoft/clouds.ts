// Endpoints of the national clouds, and of a custom one (Azure Stack, or the tenant emulator).
import { AppError } from "../errors";
import type { Env } from "../env";

export type CloudName = "public" | "usgov" | "china" | "custom";

export interface Cloud {
  name: CloudName;
  /** Base URLs without a version segment and without a trailing slash. */
  graphUrl: string;
  armUrl: string;
  loginUrl: string;
  /** Token audiences (resource URIs) for each API. */
  graphResource: string;
  armResource: string;
  /** Audience of a managed identity used as a federated credential of an app. */
  federatedTokenAudience: string;
}

const known: Record<Exclude<CloudName, "custom">, Cloud> = {
  public: {
    name: "public",
    graphUrl: "https://graph.microsoft.com",
    armUrl: "https://management.azure.com",
    loginUrl: "https://login.microsoftonline.com",
    graphResource: "https://graph.microsoft.com",
    armResource: "https://management.azure.com",
    federatedTokenAudience: "api://AzureADTokenExchange",
  },
  usgov: {
    name: "usgov",
    graphUrl: "https://graph.microsoft.us",
    armUrl: "https://management.usgovcloudapi.net",
    loginUrl: "https://login.microsoftonline.us",
    graphResource: "https://graph.microsoft.us",
    armResource: "https://management.usgovcloudapi.net",
    federatedTokenAudience: "api://AzureADTokenExchangeUSGov",
  },
  china: {
    name: "china",
    graphUrl: "https://microsoftgraph.chinacloudapi.cn",
    armUrl: "https://management.chinacloudapi.cn",
    loginUrl: "https://login.chinacloudapi.cn",
    graphResource: "https://microsoftgraph.chinacloudapi.cn",
    armResource: "https://management.chinacloudapi.cn",
    federatedTokenAudience: "api://AzureADTokenExchangeChina",
  },
};

const trim = (url: string) => url.replace(/\/+$/, "");

export function resolveCloud(
  env: Pick<Env, "STEWARD_CLOUD" | "STEWARD_GRAPH_URL" | "STEWARD_ARM_URL" | "STEWARD_LOGIN_URL">,
): Cloud {
  if (env.STEWARD_CLOUD !== "custom") return known[env.STEWARD_CLOUD];
  const { STEWARD_GRAPH_URL: graph, STEWARD_ARM_URL: arm, STEWARD_LOGIN_URL: login } = env;
  if (!graph || !arm || !login) {
    throw new AppError("config", "STEWARD_CLOUD=custom needs STEWARD_GRAPH_URL, STEWARD_ARM_URL and STEWARD_LOGIN_URL");
  }
  for (const [name, url] of [
    ["STEWARD_GRAPH_URL", graph],
    ["STEWARD_LOGIN_URL", login],
  ] as const) {
    // MSAL refuses http authorities and the Graph client only sends tokens over https.
    if (!url.startsWith("https://")) throw new AppError("config", `${name} must be an https URL (got ${url})`);
  }
  // A custom cloud's APIs accept tokens issued for their own base URLs (as Azure Stack's do).
  return {
    name: "custom",
    graphUrl: trim(graph),
    armUrl: trim(arm),
    loginUrl: trim(login),
    graphResource: trim(graph),
    armResource: trim(arm),
    federatedTokenAudience: "api://AzureADTokenExchange",
  };
}
