/** The little of oidc-provider (which ships no types) that the test's OpenID provider uses. */
declare module 'oidc-provider' {
  import type { Server } from 'node:http';
  interface OidcGrant {
    addOIDCScope(scope: string): void;
    addResourceScope(resource: string, scope: string): void;
    save(): Promise<string>;
  }
  interface OidcCtx {
    oidc: {
      client: { clientId: string };
      session: { accountId: string; grantIdFor(clientId: string): string | undefined };
      result?: { consent?: { grantId?: string } };
      provider: { Grant: { new (o: { clientId: string; accountId: string }): OidcGrant; find(id: string): Promise<OidcGrant | undefined> } };
    };
  }
  export default class Provider {
    constructor(issuer: string, configuration: Record<string, unknown>);
    proxy: boolean;
    callback(): (req: unknown, res: unknown) => void;
    listen(port: number, host: string, cb?: () => void): Server;
  }
  export type { OidcCtx, OidcGrant };
}
