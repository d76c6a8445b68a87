import {
  assertTrustedTokenUri,
  KeyFileError,
  parseP12Key,
  parseServiceAccountKey,
  type TServiceAccountKey,
} from '@wac/google';
import { AppError } from '../../errors/app-error';

export type TKeyUpload = {
  fileName: string | undefined;
  bytes: Uint8Array;
  /** What the admin typed for a .p12 key, which does not name its service account. */
  clientEmail: string | undefined;
  clientId: string | undefined;
  /** The .p12 file's password; Google's default `notasecret` when not given. */
  p12Password?: string | undefined;
  format: 'json' | 'p12' | undefined;
};

/**
 * Turns an uploaded file into a validated key, or an AppError whose code is the KeyFileError's and
 * whose message tells the admin what they uploaded and which file to pick instead.
 */
export function importKeyFile(upload: TKeyUpload, p12TokenUri: string): TServiceAccountKey {
  // p12TokenUri is GOOGLE_TOKEN_URI: the .p12 keys' endpoint, and the one other token_uri trusted.
  try {
    if (formatOf(upload) === 'p12') {
      return parseP12Key(upload.bytes, {
        clientEmail: upload.clientEmail ?? '',
        ...(upload.clientId ? { clientId: upload.clientId } : {}),
        ...(upload.p12Password ? { password: upload.p12Password } : {}),
        tokenUri: p12TokenUri,
      });
    }
    const key = parseServiceAccountKey(upload.bytes);
    // GOOGLE_TOKEN_URI is the operator's own choice (a gateway, or the emulator in tests and the demo).
    assertTrustedTokenUri(key.tokenUri, [p12TokenUri]);
    return key;
  } catch (error) {
    if (error instanceof KeyFileError) throw toAppError(error);
    throw error;
  }
}

export function toAppError(error: KeyFileError): AppError {
  return new AppError(error.code, { message: error.message, details: { ...error.details } });
}

function formatOf(upload: TKeyUpload): 'json' | 'p12' {
  if (upload.format !== undefined) return upload.format;
  if (/\.(p12|pfx)$/i.test(upload.fileName ?? '')) return 'p12';
  // A DER file without the usual name, sent together with the email the form asks for .p12 keys.
  return upload.clientEmail && upload.bytes[0] === 0x30 ? 'p12' : 'json';
}
