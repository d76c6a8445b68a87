import { isIP } from 'node:net';

/** How the connection to the SMTP server is secured: Gmail takes 465 (implicit TLS) or 587 (STARTTLS). */
export type TSmtpSecurity = 'tls' | 'starttls' | 'none';

export type TSmtpEndpoint = {
  host: string;
  port: number;
  security: TSmtpSecurity;
  /** Only for a local test server with a self-signed certificate; production verifies Gmail's. */
  allowSelfSignedCertificate?: boolean;
  /** Milliseconds to wait for a connection, the greeting and each reply. */
  timeoutMs?: number;
};

export const GMAIL_SMTP_ENDPOINT: TSmtpEndpoint = { host: 'smtp.gmail.com', port: 465, security: 'tls' };

/** nodemailer's transport options for the endpoint (without auth). */
export function transportOptionsOf(endpoint: TSmtpEndpoint) {
  const timeoutMs = endpoint.timeoutMs ?? 60_000;
  return {
    host: endpoint.host,
    port: endpoint.port,
    secure: endpoint.security === 'tls',
    // STARTTLS must succeed, or a token would cross the network in clear text.
    requireTLS: endpoint.security === 'starttls',
    ignoreTLS: endpoint.security === 'none',
    tls: {
      rejectUnauthorized: endpoint.allowSelfSignedCertificate !== true,
      // SNI takes names only (RFC 6066); a test server on 127.0.0.1 gets none.
      ...(isIP(endpoint.host) === 0 ? { servername: endpoint.host } : {}),
    },
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  };
}
