import { useNavigate } from 'react-router';
import { useArchiveProfile, useStartArchiveRun, useStartEstimate } from '../../api/archiving';
import { Alert } from '../../components/alert';
import { Button } from '../../components/button';
import { Card } from '../../components/card';
import { QueryError } from '../../components/query-error';
import { Spinner } from '../../components/spinner';
import { ArchiveProfileForm } from './archive-profile-form';
import { ARCHIVE_TABS } from './archive-tabs';

/** The profile form, and the two ways to use it now: Estimate and Run now. */
export function ArchiveProfileSection() {
  const profile = useArchiveProfile();
  const estimate = useStartEstimate();
  const run = useStartArchiveRun();
  const navigate = useNavigate();
  const open = (result: { runId: string }) => navigate(`${ARCHIVE_TABS.history.path}/${result.runId}`);
  const failure = estimate.error ?? run.error;

  if (profile.isPending) return <Spinner label="Loading the archiving profile" />;
  if (profile.isError)
    return <QueryError title="The archiving profile could not be loaded" error={profile.error} />;
  const { limits } = profile.data;

  return (
    <div className="ar-stack">
      <ArchiveProfileForm profile={profile.data} />
      <Card
        title="Run the profile"
        description={`Estimate reads each mailbox's folder counts and sizes without downloading any message. Run now archives every mailbox of the saved profile: ${limits.maxMailboxes} at once, one IMAP connection per mailbox, at most ${limits.dailyBudgetMb.toLocaleString('en-US')} MB per mailbox a day (Gmail allows ${limits.gmailDailyDownloadMb.toLocaleString('en-US')} MB).`}
      >
        <div className="ar-actions">
          <Button
            variant="secondary"
            disabled={estimate.isPending || run.isPending}
            onClick={() => {
              run.reset();
              estimate.mutate(undefined, { onSuccess: open });
            }}
          >
            {estimate.isPending ? 'Starting…' : 'Estimate'}
          </Button>
          <Button
            disabled={estimate.isPending || run.isPending}
            onClick={() => {
              estimate.reset();
              run.mutate(undefined, { onSuccess: open });
            }}
          >
            {run.isPending ? 'Starting…' : 'Run now'}
          </Button>
        </div>
        {failure ? (
          <Alert tone="warning" title="Nothing was started">
            {failure.message}
          </Alert>
        ) : null}
      </Card>
    </div>
  );
}
