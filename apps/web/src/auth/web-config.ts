/** What the API tells the app about sign-in (GET /web-config.json). */
export interface WebConfig {
  devSignIn: boolean;
  oidc: { authority: string; clientId: string; scope: string; audience?: string } | null;
}

export async function loadWebConfig(): Promise<WebConfig> {
  try {
    const res = await fetch('/web-config.json', { headers: { accept: 'application/json' } });
    if (res.ok) return (await res.json()) as WebConfig;
  } catch {
    // fall through: the sign-in page says the service cannot be reached
  }
  return { devSignIn: false, oidc: null };
}
