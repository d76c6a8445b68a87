import type { TArchiveMailboxReport } from '../../api/archiving';
import { Badge } from '../../components/badge';
import { formatDateTime } from '../../lib/format-date';
import {
  formatBytes,
  formatCount,
  formatDuration,
  formatExpectedDuration,
  formatTimeLeft,
  mailboxStatusBadge,
  problemTitle,
} from './archive.labels';

// Enough to see the pattern; the API keeps the full count.
const SHOWN_FAILURES = 20;
const SHOWN_MISSING_UIDS = 30;

/** One mailbox of a run: its figures in a row, and when it is not complete, why, in the row below. */
export function ArchiveMailboxRow({
  mailbox,
  isEstimate,
}: {
  mailbox: TArchiveMailboxReport;
  isEstimate: boolean;
}) {
  const badge = mailboxStatusBadge(mailbox.status, isEstimate);
  const progress = mailbox.progress;
  const percent =
    progress && progress.messagesTotal > 0
      ? Math.floor((progress.messagesDone / progress.messagesTotal) * 100)
      : null;
  const needsExplaining =
    mailbox.problem !== null ||
    mailbox.failedCount > 0 ||
    mailbox.folders.some((folder) => folder.missingUids.length > 0);

  return (
    <>
      <tr className={needsExplaining ? 'ar-row ar-row--explained' : 'ar-row'}>
        <td data-label="Mailbox" className="ar-mailbox" title={mailbox.userEmail}>
          {mailbox.userEmail}
        </td>
        <td data-label="Verdict">
          <Badge tone={badge.tone}>{badge.text}</Badge>
          {mailbox.status === 'RUNNING' && progress ? (
            <div className="ar-progress" title={progress.folder}>
              <progress
                max={Math.max(progress.messagesTotal, 1)}
                value={progress.messagesDone}
                aria-label={`Progress of ${mailbox.userEmail}`}
              />
              <span className="text-muted">
                {formatCount(progress.messagesDone)} of {formatCount(progress.messagesTotal)}
                {percent === null ? '' : ` (${percent}%)`} · {formatBytes(progress.bytesDone)}
                {mailbox.remaining ? ` · ${formatTimeLeft(mailbox.remaining)}` : ''}
              </span>
            </div>
          ) : null}
        </td>
        {isEstimate ? (
          <>
            <td data-label="Messages" className="ds-num">
              {mailbox.estimate ? formatCount(mailbox.estimate.messages) : '—'}
            </td>
            <td data-label="Size" className="ds-num">
              {mailbox.estimate ? formatBytes(mailbox.estimate.bytes) : '—'}
            </td>
            <td data-label="Expected duration">
              {mailbox.estimate ? formatExpectedDuration(mailbox.estimate.expectedDays) : '—'}
            </td>
          </>
        ) : (
          <>
            <td data-label="Archived" className="ds-num">
              {formatCount(mailbox.archived)}
            </td>
            <td data-label="Already archived" className="ds-num">
              {formatCount(mailbox.alreadyArchived)}
            </td>
            <td data-label="Failed" className="ds-num">
              {formatCount(mailbox.failedCount)}
            </td>
            <td data-label="Downloaded" className="ds-num">
              {formatBytes(mailbox.bytes)}
            </td>
            <td data-label="Duration" className="ds-num">
              {formatDuration(mailbox.durationMs)}
            </td>
          </>
        )}
      </tr>
      {needsExplaining ? (
        <tr className="ar-why">
          <td colSpan={isEstimate ? 5 : 7}>
            <MailboxExplanation mailbox={mailbox} />
          </td>
        </tr>
      ) : null}
    </>
  );
}

function MailboxExplanation({ mailbox }: { mailbox: TArchiveMailboxReport }) {
  const incompleteFolders = mailbox.folders.filter((folder) => folder.missingUids.length > 0);
  return (
    <section className="ar-explain" aria-label={`Why ${mailbox.userEmail} is not complete`}>
      {mailbox.problem ? (
        <div className="ar-problem">
          <p>
            <strong>{problemTitle(mailbox.problem.code)}.</strong> {mailbox.problem.message}
          </p>
          <p>
            <span className="ar-label">What to do:</span> {mailbox.problem.remedy}
          </p>
          {mailbox.resumeAt ? (
            <p className="text-muted">Resumes by itself at {formatDateTime(mailbox.resumeAt)}.</p>
          ) : null}
        </div>
      ) : null}
      {incompleteFolders.length > 0 ? (
        <ul className="ar-list" aria-label="Folders not complete">
          {incompleteFolders.map((folder) => (
            <li key={folder.folder}>
              <strong>{folder.folder}</strong>: {formatCount(folder.archivedCount)} of{' '}
              {formatCount(folder.serverCount)} messages on the server are archived; missing UIDs{' '}
              {folder.missingUids.slice(0, SHOWN_MISSING_UIDS).join(', ')}
              {folder.missingUids.length > SHOWN_MISSING_UIDS ? ', …' : ''}. They are retried on the next run.
            </li>
          ))}
        </ul>
      ) : null}
      {mailbox.failed.length > 0 ? (
        <details className="ar-details" open={mailbox.failed.length <= 3}>
          <summary>
            {formatCount(mailbox.failedCount)} {mailbox.failedCount === 1 ? 'message' : 'messages'} could not
            be archived
          </summary>
          <ul className="ar-list">
            {mailbox.failed.slice(0, SHOWN_FAILURES).map((failure) => (
              <li key={`${failure.folder}:${failure.uid}`}>
                {failure.folder}, UID {failure.uid}: {failure.reason}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}
