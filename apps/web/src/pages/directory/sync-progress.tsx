import type { TRunSummary } from '../../api/directory-sync';
import { formatCount, phaseLabel, progressPercent } from './directory-sync.labels';

/** Live counters of a running sync; the bar fills while changes are applied. */
export function SyncProgress({ run }: { run: TRunSummary }) {
  const { progress } = run;
  const percent = progressPercent(progress);
  return (
    <div className="ds-progress" aria-live="polite">
      <div className="ds-progress__phase">
        <span className="ds-progress__dot" aria-hidden="true" />
        {phaseLabel(progress.phase)}
        {percent === null ? '…' : ` (${percent}%)`}
      </div>
      <div
        className={percent === null ? 'ds-progress__bar ds-progress__bar--busy' : 'ds-progress__bar'}
        role="progressbar"
        aria-label="Synchronization progress"
        aria-valuemin={0}
        aria-valuemax={100}
        {...(percent === null ? {} : { 'aria-valuenow': percent })}
      >
        <span style={{ width: `${percent ?? 30}%` }} />
      </div>
      <dl className="ds-counters">
        <div>
          <dt>Pages read</dt>
          <dd>{formatCount(progress.pagesRead)}</dd>
        </div>
        <div>
          <dt>Users read</dt>
          <dd>{formatCount(progress.usersRead)}</dd>
        </div>
        <div>
          <dt>Groups read</dt>
          <dd>{formatCount(progress.groupsRead)}</dd>
        </div>
        <div>
          <dt>Users planned</dt>
          <dd>{formatCount(progress.usersPlanned)}</dd>
        </div>
        <div>
          <dt>Changes applied</dt>
          <dd>
            {formatCount(progress.changesApplied)}
            {progress.changesToApply > 0 ? ` of ${formatCount(progress.changesToApply)}` : ''}
          </dd>
        </div>
      </dl>
    </div>
  );
}
