import fastifyHelmet from '@fastify/helmet';
import fp from 'fastify-plugin';

export type TSecurityHeadersOptions = {
  /** Browsers reach the server over https (TLS here or at a proxy): send HSTS and upgrade requests. */
  isServedOverHttps: boolean;
};

/**
 * The console is a Vite build with no inline script or style element (see apps/web/dist/index.html),
 * so everything it loads is same-origin. React writes `style` props through the CSSOM, which CSP does
 * not govern. Server-rendered pages that need more (the /oidc pages' inline <style>, Swagger UI's
 * style attributes) set their own policy on their own responses.
 */
export const CONSOLE_CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  // Synchronize now and Confirm deletions must not be clickable through someone else's frame.
  frameAncestors: ["'none'"],
} as const;

export const securityHeadersPlugin = fp<TSecurityHeadersOptions>(
  async (app, options) => {
    await app.register(fastifyHelmet, {
      global: true,
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          ...CONSOLE_CONTENT_SECURITY_POLICY,
          // On plain http (a LAN address) this would send every asset request to https and break the page.
          upgradeInsecureRequests: options.isServedOverHttps ? [] : null,
        },
      },
      frameguard: { action: 'deny' },
      referrerPolicy: { policy: 'same-origin' },
      // The OIDC test opens Google in a popup that the console names and may still need to reach.
      crossOriginOpenerPolicy: { policy: 'same-origin-allow-popups' },
      // A year, this host only: the organisation's other hosts may still serve plain http.
      strictTransportSecurity: options.isServedOverHttps
        ? { maxAge: 31_536_000, includeSubDomains: false }
        : false,
    });
  },
  { name: 'wac-security-headers' },
);
