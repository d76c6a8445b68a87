import { Link, Navigate } from 'react-router';
import { Badge } from '../../components/badge';
import { Card } from '../../components/card';
import { PageHeader } from '../../components/page-header';
import { Spinner } from '../../components/spinner';
import { useDocumentTitle } from '../../lib/use-document-title';
import { type TSetupStep, useSetupStatus } from './use-setup-status';
import './setup.css';

/** The landing page: the checklist until every step is done, the Users page after that. */
export function LandingRedirect() {
  const status = useSetupStatus();
  if (status.isPending && !status.isError)
    return (
      <div className="page-loading">
        <Spinner label="Loading" />
      </div>
    );
  // Should the status not load, the console still opens; the Setup page shows the error's effects.
  return <Navigate to={status.isComplete || status.isError ? '/users' : '/setup'} replace />;
}

function SetupStepItem({ step, index, isNext }: { step: TSetupStep; index: number; isNext: boolean }) {
  return (
    <li
      className={`setup-step${step.isDone ? ' setup-step--done' : ''}`}
      data-testid={`setup-step-${step.id}`}
    >
      <span className="setup-step__marker" aria-hidden="true">
        {step.isDone ? '✓' : index + 1}
      </span>
      <div className="setup-step__text">
        <h3 className="setup-step__title">
          {step.title}{' '}
          <Badge tone={step.isDone ? 'success' : 'neutral'}>{step.isDone ? 'Done' : 'To do'}</Badge>
        </h3>
        <p className="text-muted">{step.description}</p>
      </div>
      <Link
        to={step.to}
        className={`button button--md ${isNext ? 'button--primary' : 'button--secondary'} setup-step__action`}
      >
        {step.isDone ? 'Review' : step.action}
      </Link>
    </li>
  );
}

/** First-run checklist: what to set up, in order, each step linking where it is done. */
export function SetupPage() {
  useDocumentTitle('Set up the connector');
  const status = useSetupStatus();
  const nextStep = status.steps?.find((step) => !step.isDone);
  return (
    <>
      <PageHeader
        title="Set up the connector"
        description="Three steps connect this server to your Google Workspace. Each one links to where it is done; this page ticks it off when it is."
      />
      <Card title={status.isComplete ? 'Setup is complete' : 'Setup checklist'}>
        {status.steps === null ? (
          <Spinner label="Loading the setup status" />
        ) : (
          <ol className="setup-steps" aria-label="Setup steps">
            {status.steps.map((step, index) => (
              <SetupStepItem key={step.id} step={step} index={index} isNext={step === nextStep} />
            ))}
          </ol>
        )}
      </Card>
    </>
  );
}
