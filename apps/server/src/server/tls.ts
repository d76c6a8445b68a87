import { readFileSync } from 'node:fs';
import type { TConfig } from '../config/env';

export type TTlsCredentials = { cert: Buffer; key: Buffer };

export class TlsConfigError extends Error {
  override readonly name = 'TlsConfigError';
}

function readPem(variable: string, file: string): Buffer {
  let content: Buffer;
  try {
    content = readFileSync(file);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new TlsConfigError(`${variable}: cannot read ${file} (${reason}).`);
  }
  if (!content.toString('utf8').includes('-----BEGIN ')) {
    throw new TlsConfigError(`${variable}: ${file} is not a PEM file (no "-----BEGIN" line).`);
  }
  return content;
}

export function loadTlsCredentials(tls: NonNullable<TConfig['tls']>): TTlsCredentials {
  return { cert: readPem('TLS_CERT_FILE', tls.certFile), key: readPem('TLS_KEY_FILE', tls.keyFile) };
}
