import { randomBytes } from 'node:crypto';

// Access tokens issued by the client credentials grant. Each names the app (client id) it was issued to
// and dies after its lifetime, read on the real clock, as Shopify's expiring offline tokens do.

export const DEFAULT_TOKEN_LIFETIME_SECONDS = 86_399;

interface IssuedToken {
  app: string;
  expiresAt: number;
}

export class TokenRegistry {
  readonly #tokens = new Map<string, IssuedToken>();
  #issued = 0;

  get issued(): number {
    return this.#issued;
  }

  issue(app: string, lifetimeSeconds: number): string {
    const token = `shpat_${randomBytes(16).toString('hex')}`;
    this.#tokens.set(token, { app, expiresAt: Date.now() + lifetimeSeconds * 1000 });
    this.#issued++;
    return token;
  }

  // The app a live token was issued to; undefined for an unknown, expired or revoked one.
  appFor(token: string): string | undefined {
    const issued = this.#tokens.get(token);
    if (!issued) return undefined;
    if (Date.now() < issued.expiresAt) return issued.app;
    this.#tokens.delete(token);
    return undefined;
  }

  expireAll(): void {
    this.#tokens.clear();
  }
}
