import { Fragment, useState } from 'react';
import { Link } from 'react-router';
import { type TAssignedFolder, type TOrphanedFolder, useOrphanedFolders } from '../../api/archive-folders';
import { Alert } from '../../components/alert';
import { Button } from '../../components/button';
import { Card } from '../../components/card';
import { EmptyState } from '../../components/empty-state';
import { PageHeader } from '../../components/page-header';
import { QueryError } from '../../components/query-error';
import { Spinner } from '../../components/spinner';
import { formatDateTime } from '../../lib/format-date';
import { useDocumentTitle } from '../../lib/use-document-title';
import { AssignFolderForm } from './assign-folder-form';
import './archive-folders.css';

function FormerOwner({ folder }: { folder: TOrphanedFolder }) {
  return (
    <div className="orphaned-folders__owner">
      <span>{folder.formerOwnerUserName}</span>
      <span className="orphaned-folders__meta">
        {folder.formerOwnerGoogleUserId === null
          ? 'Local user'
          : `Google id ${folder.formerOwnerGoogleUserId}`}
      </span>
    </div>
  );
}

/**
 * Archive folders whose owner was deleted (a leaver, a stale user): the archive stays, and an
 * admin gives it to the right user, e.g. a successor or the same person under a new account.
 */
export function ArchiveFoldersPage() {
  useDocumentTitle('Archive folders');
  const folders = useOrphanedFolders();
  const [assigningId, setAssigningId] = useState<string | null>(null);
  const [assigned, setAssigned] = useState<(TAssignedFolder & { name: string }) | null>(null);

  const onAssigned = (folder: TOrphanedFolder) => (result: TAssignedFolder) => {
    setAssigningId(null);
    setAssigned({ ...result, name: folder.name });
  };

  return (
    <>
      <PageHeader
        title="Orphaned archive folders"
        description="When a user is deleted, their archive folder and its mail are kept without an owner. Each folder says whose it was and when that user was removed; assign it to the user who should have it."
      />
      {assigned ? (
        <Alert tone="info" title="Folder assigned">
          {assigned.name} now belongs to{' '}
          <Link to={`/users/${encodeURIComponent(assigned.ownerUserId)}`}>{assigned.ownerUserName}</Link>, who
          can read it.
        </Alert>
      ) : null}
      <Card flush>
        {folders.isPending ? <Spinner label="Loading archive folders" /> : null}
        {folders.isError ? (
          <div className="card__inset">
            <QueryError
              title="The archive folders could not be loaded"
              error={folders.error}
              onRetry={() => folders.refetch()}
            />
          </div>
        ) : null}
        {folders.data?.items.length === 0 ? (
          <EmptyState title="No orphaned archive folders">
            Every archive folder has an owner. A folder shows up here when its user is deleted.
          </EmptyState>
        ) : null}
        {folders.data && folders.data.items.length > 0 ? (
          <div className="table-wrap">
            <table className="table table--stack orphaned-folders">
              <colgroup>
                <col className="orphaned-folders__col-folder" />
                <col className="orphaned-folders__col-owner" />
                <col className="orphaned-folders__col-removed" />
                <col className="orphaned-folders__col-action" />
              </colgroup>
              <thead>
                <tr>
                  <th scope="col">Folder</th>
                  <th scope="col">Former owner</th>
                  <th scope="col">Removed</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {folders.data.items.map((folder) => (
                  <Fragment key={folder.id}>
                    <tr data-folder-id={folder.id}>
                      <td data-label="Folder">{folder.name}</td>
                      <td data-label="Former owner">
                        <FormerOwner folder={folder} />
                      </td>
                      <td data-label="Removed">
                        {folder.ownerRemovedAt === null ? (
                          <span className="text-subtle">Not recorded</span>
                        ) : (
                          formatDateTime(folder.ownerRemovedAt)
                        )}
                      </td>
                      <td className="orphaned-folders__action">
                        <Button
                          variant="secondary"
                          size="sm"
                          aria-expanded={assigningId === folder.id}
                          aria-label={`Assign ${folder.name} (${folder.formerOwnerGoogleUserId ?? 'local'}) to a user`}
                          onClick={() => setAssigningId(assigningId === folder.id ? null : folder.id)}
                        >
                          Assign to a user
                        </Button>
                      </td>
                    </tr>
                    {assigningId === folder.id ? (
                      <tr className="orphaned-folders__form-row">
                        <td colSpan={4}>
                          <AssignFolderForm
                            folder={folder}
                            onAssigned={onAssigned(folder)}
                            onCancel={() => setAssigningId(null)}
                          />
                        </td>
                      </tr>
                    ) : null}
                  </Fragment>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </Card>
    </>
  );
}
