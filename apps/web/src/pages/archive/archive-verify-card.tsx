import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import {
  type TArchiveVerifyProgress,
  type TArchiveVerifyReport,
  verifyArchive,
} from '../../api/archive-verify';
import { Badge } from '../../components/badge';
import { Button } from '../../components/button';
import { Card } from '../../components/card';
import { QueryError } from '../../components/query-error';
import { Spinner } from '../../components/spinner';
import { formatBytes, formatCount, formatDuration } from './archive.labels';
import './archive-verify.css';

/** Verify archive: every blob read back and compared with the database, as `pnpm archive:verify` does. */
export function ArchiveVerifyCard() {
  const [progress, setProgress] = useState<TArchiveVerifyProgress | null>(null);
  const verify = useMutation({
    mutationFn: () => {
      setProgress(null);
      return verifyArchive(setProgress);
    },
  });
  return (
    <Card
      title="Verify archive"
      description="Reads every stored message back, decrypts it, checks its keyed hash and compares the store with the database. Nothing is changed; a big archive takes a while."
    >
      <div className="ar-verify">
        <div className="ar-verify__actions">
          <Button variant="secondary" onClick={() => verify.mutate()} disabled={verify.isPending}>
            Verify archive
          </Button>
          {verify.isPending ? (
            <Spinner
              label={
                progress && progress.totalMessages > 0
                  ? `Checked ${formatCount(progress.checkedMessages)} of ${formatCount(progress.totalMessages)} messages…`
                  : 'Listing the stored blobs…'
              }
            />
          ) : null}
        </div>
        {verify.isError ? <QueryError title="The verification did not finish" error={verify.error} /> : null}
        {verify.data ? <VerifyReport report={verify.data} /> : null}
      </div>
    </Card>
  );
}

function VerifyReport({ report }: { report: TArchiveVerifyReport }) {
  const problems: { label: string; count: number; addresses: string[] }[] = [
    { label: 'Missing', count: report.missing.count, addresses: report.missing.addresses },
    {
      label: 'Corrupt',
      count: report.corrupt.count,
      addresses: report.corrupt.blobs.map((blob) => `${blob.address} (${blob.reason})`),
    },
    { label: 'Orphaned', count: report.orphaned.count, addresses: report.orphaned.addresses },
  ];
  return (
    <section className="ar-verify__report" aria-label="Verification report">
      <p role="status">
        <Badge tone={report.isHealthy ? 'success' : 'danger'}>
          {report.isHealthy ? 'Healthy' : 'Problems found'}
        </Badge>{' '}
        {formatCount(report.ok)} of {formatCount(report.messages)} messages read back intact (
        {formatBytes(report.bytesChecked)}, {formatCount(report.blobs)}{' '}
        {report.blobs === 1 ? 'blob' : 'blobs'} in the store) in {formatDuration(report.durationMs)}.
      </p>
      <dl className="ar-verify__counts">
        <div>
          <dt>OK</dt>
          <dd>{formatCount(report.ok)}</dd>
        </div>
        {problems.map((problem) => (
          <div key={problem.label}>
            <dt>{problem.label}</dt>
            <dd>{formatCount(problem.count)}</dd>
          </div>
        ))}
      </dl>
      {problems
        .filter((problem) => problem.count > 0)
        .map((problem) => (
          <div key={problem.label} className="ar-verify__list">
            <strong>
              {problem.label}
              {problem.count > problem.addresses.length
                ? ` (first ${formatCount(problem.addresses.length)} of ${formatCount(problem.count)})`
                : ''}
              :
            </strong>
            <ul>
              {problem.addresses.map((address) => (
                <li key={address}>
                  <code>{address}</code>
                </li>
              ))}
            </ul>
          </div>
        ))}
      {report.isHealthy ? null : (
        <p className="text-muted">
          Missing and corrupt messages come back with the next archive run only while Gmail still holds them;
          restore the store from its backup otherwise. Orphaned blobs are unused files that are safe to
          delete. <code>pnpm archive:verify</code> lists more addresses.
        </p>
      )}
    </section>
  );
}
