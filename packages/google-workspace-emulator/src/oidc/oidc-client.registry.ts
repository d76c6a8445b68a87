export type TOidcClient = { clientId: string; clientSecret: string; redirectUris: string[] };

/** OAuth clients as created in Google Cloud's Credentials page; redirect URIs must match exactly. */
export class OidcClientRegistry {
  private readonly clients = new Map<string, TOidcClient>();

  register(client: TOidcClient): void {
    this.clients.set(client.clientId, { ...client, redirectUris: [...client.redirectUris] });
  }

  find(clientId: string): TOidcClient | undefined {
    return this.clients.get(clientId);
  }

  get count(): number {
    return this.clients.size;
  }
}
