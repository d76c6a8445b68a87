import { DEFAULT_MAX_KEY_FILE_BYTES } from '@wac/google';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../errors/app-error';
import type { TKeyUpload } from './key-file.importer';

export const KEY_UPLOAD_LIMITS = {
  fileSize: DEFAULT_MAX_KEY_FILE_BYTES,
  files: 1,
  fields: 8,
  fieldSize: 1024,
  parts: 10,
} as const;

const FORMATS = new Set(['json', 'p12']);

/**
 * Reads the multipart form of POST /api/google/key: `file`, plus `clientEmail` (and `clientId`,
 * `password`) for .p12.
 */
export async function readKeyUpload(request: FastifyRequest): Promise<TKeyUpload> {
  if (!request.isMultipart()) {
    throw new AppError('BAD_REQUEST', {
      message: 'Send the key as a file upload (multipart/form-data) in a field named "file".',
    });
  }
  let file: { fileName: string; bytes: Buffer } | undefined;
  const fields: Record<string, string> = {};
  const rawFields: Record<string, string> = {};
  for await (const part of request.parts({ limits: KEY_UPLOAD_LIMITS })) {
    if (part.type === 'field') {
      rawFields[part.fieldname] = String(part.value);
      fields[part.fieldname] = String(part.value).trim();
      continue;
    }
    let bytes: Buffer;
    try {
      bytes = await part.toBuffer();
    } catch (error) {
      if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
      throw error;
    }
    if (part.fieldname === 'file') file = { fileName: part.filename, bytes };
  }
  if (file === undefined || file.bytes.byteLength === 0) {
    throw new AppError('BAD_REQUEST', {
      message:
        file === undefined
          ? 'Choose the key file to upload.'
          : 'The uploaded file is empty. Choose the key file downloaded from Google Cloud.',
    });
  }
  const format = fields.format?.toLowerCase();
  return {
    fileName: file.fileName,
    bytes: file.bytes,
    clientEmail: fields.clientEmail || undefined,
    clientId: fields.clientId || undefined,
    // Not trimmed: a password may begin or end with a space.
    p12Password: rawFields.password || undefined,
    format: format && FORMATS.has(format) ? (format as 'json' | 'p12') : undefined,
  };
}

function tooLarge(): AppError {
  const limitKiB = KEY_UPLOAD_LIMITS.fileSize / 1024;
  return new AppError('KEY_FILE_TOO_LARGE', {
    message:
      `The file is larger than ${limitKiB} KiB, but a Google service-account key is only a few KiB. Check that you ` +
      'picked the key file downloaded from Google Cloud (IAM & Admin > Service Accounts > Keys), not another file.',
    details: { maxBytes: KEY_UPLOAD_LIMITS.fileSize },
  });
}
