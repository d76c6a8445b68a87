import { useEffect } from 'react';
import { type TGoogleConnection, type TSetupCheckItem, useSetupCheck } from '../../api/google-connection';
import { Badge, type TBadgeTone } from '../../components/badge';
import { Button } from '../../components/button';
import { Card } from '../../components/card';
import { QueryError } from '../../components/query-error';
import { Spinner } from '../../components/spinner';
import { formatDateTime } from '../../lib/format-date';
import { checkStatusLabel, checkSummary } from './google-connection.labels';

const STATUS_TONE: Record<TSetupCheckItem['status'], TBadgeTone> = {
  passed: 'success',
  failed: 'danger',
  skipped: 'neutral',
};

type TSetupCheckCardProps = {
  /** Changes whenever the key or the admin user does: an older result no longer describes the setup. */
  setupVersion: string;
  /** The last check the server kept; shown on load while it still describes this key and admin user. */
  lastCheck: TGoogleConnection['lastCheck'];
};

export function SetupCheckCard({ setupVersion, lastCheck }: TSetupCheckCardProps) {
  const check = useSetupCheck();
  const result = check.data ?? (lastCheck?.isCurrent ? lastCheck : undefined);
  const { reset } = check;

  // biome-ignore lint/correctness/useExhaustiveDependencies: resetting is the point of a new setupVersion.
  useEffect(() => reset(), [setupVersion, reset]);

  return (
    <Card
      title="4. Check setup"
      description="Tests each part on its own against Google: the key, a token for the admin user, each scope, reading users and groups, and a mail token for an ordinary user, and an IMAP login as that user opening All Mail, as archiving does. Only the result is kept, to show here and on the tab."
    >
      <div className="gc-stack">
        <div className="gc-inline">
          <Button onClick={() => check.mutate()} disabled={check.isPending}>
            {result ? 'Check again' : 'Check setup'}
          </Button>
          {check.isPending ? <Spinner label="Asking Google…" /> : null}
          {result && !check.isPending ? (
            <span
              className={result.isPassed ? 'gc-summary gc-summary--passed' : 'gc-summary gc-summary--failed'}
              role="status"
            >
              {checkSummary(result.items)}{' '}
              <span className="text-subtle">Checked {formatDateTime(result.checkedAt)}.</span>
            </span>
          ) : null}
        </div>
        {check.isError ? <QueryError title="The check could not run" error={check.error} /> : null}
        {result ? (
          <ol className="gc-checklist" aria-label="Setup checks">
            {result.items.map((item) => (
              <li key={item.id} className={`gc-check gc-check--${item.status}`} data-check-id={item.id}>
                <div className="gc-check__head">
                  <span className="gc-check__label">{item.label}</span>
                  <Badge tone={STATUS_TONE[item.status]}>{checkStatusLabel(item.status)}</Badge>
                </div>
                <p className="gc-check__message">{item.message}</p>
                {item.remedy ? (
                  <p className="gc-check__remedy">
                    <strong>What to do:</strong> {item.remedy}
                  </p>
                ) : null}
              </li>
            ))}
          </ol>
        ) : null}
      </div>
    </Card>
  );
}
