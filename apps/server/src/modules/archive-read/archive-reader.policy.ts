import { AppError } from '../../errors/app-error';
import type { TActiveSession } from '../auth/session.service';

/** OWN: a user's own archives (/api/me/archive). ALL: admins and auditors (/api/archive). */
export type TArchiveArea = 'OWN' | 'ALL';

export const AUDITOR_PRIVILEGE = 'auditor';
export const EXPORT_PRIVILEGE = 'export';

/** What one request may reach; resolved from the session on every request, never cached. */
export type TArchiveReader = {
  userId: string;
  name: string;
  area: TArchiveArea;
  /** Archive folders the reader may read, or 'all' (admins and auditors in the ALL area). */
  readable: string[] | 'all';
  /** Archive folders whose owner's Gmail the reader may restore into, or 'all' (admins). */
  restorable: string[] | 'all';
  canExport: boolean;
  isAdmin: boolean;
};

export type TFolderGrant = { folderId: string; isOwner: boolean; canRead: boolean; canWrite: boolean };

/**
 * The access rules in one place. A user reads the archive they own and those an admin granted Read
 * on; restores only their own, and only with Write on it. Searching every archive takes an admin
 * console session or the auditor privilege; an auditor reads but never restores. Export takes the
 * "Export E-mail" privilege (admins hold every privilege).
 */
export function resolveArchiveReader(
  session: TActiveSession,
  area: TArchiveArea,
  grants: TFolderGrant[],
): TArchiveReader {
  const { user } = session;
  const isAdmin = session.kind === 'ADMIN' && user.isAdmin;
  const canExport = isAdmin || user.privileges.includes(EXPORT_PRIVILEGE);
  const base = { userId: user.id, name: user.userName, area, canExport, isAdmin };
  if (area === 'ALL') {
    if (!isAdmin && !user.privileges.includes(AUDITOR_PRIVILEGE)) {
      throw new AppError('FORBIDDEN', {
        message: 'Searching every archive needs an administrator session or the Auditor privilege.',
      });
    }
    return { ...base, readable: 'all', restorable: isAdmin ? 'all' : [] };
  }
  return {
    ...base,
    readable: grants.filter((grant) => grant.isOwner || grant.canRead).map((grant) => grant.folderId),
    restorable: grants.filter((grant) => grant.isOwner && grant.canWrite).map((grant) => grant.folderId),
  };
}

export function canRead(reader: TArchiveReader, folderId: string): boolean {
  return reader.readable === 'all' || reader.readable.includes(folderId);
}

export function canRestore(reader: TArchiveReader, folderId: string): boolean {
  return reader.restorable === 'all' || reader.restorable.includes(folderId);
}
