import { useState } from 'react';
import {
  type TGoogleConnection,
  type TGoogleKeyCandidate,
  type TKeyUploadResult,
  useDiscardCandidate,
} from '../../api/google-connection';
import { Alert } from '../../components/alert';
import { Badge } from '../../components/badge';
import { Button } from '../../components/button';
import { Card } from '../../components/card';
import { DetailList } from '../../components/detail-list';
import { QueryError } from '../../components/query-error';
import { formatDateTime } from '../../lib/format-date';
import {
  isKeyDueForRotation,
  KEY_ROTATION_DAYS,
  keyAgeText,
  keyFormatLabel,
} from './google-connection.labels';
import { KeyUploadForm } from './key-upload-form';

const CREATE_KEY_STEPS =
  'In Google Cloud, open IAM & Admin > Service Accounts, pick the service account, then Keys > Add key > Create new key > JSON.';

export function ServiceAccountKeyCard({ connection }: { connection: TGoogleConnection }) {
  const [lastUpload, setLastUpload] = useState<TKeyUploadResult | null>(null);
  const [isReplacing, setIsReplacing] = useState(false);
  const discard = useDiscardCandidate();
  const { key, candidate } = connection;

  const onUploaded = (result: TKeyUploadResult) => {
    setLastUpload(result);
    setIsReplacing(false);
  };

  return (
    <Card
      title="1. Service-account key"
      description="The key the connector signs its requests to Google with. Its private key is stored encrypted and never shown again."
    >
      <div className="gc-stack">
        {lastUpload && lastUpload.outcome !== 'candidate-rejected' ? (
          <Alert tone="info" title={lastUpload.outcome === 'rotated' ? 'Key replaced' : 'Key uploaded'}>
            {lastUpload.message}
          </Alert>
        ) : null}
        {candidate ? (
          <CandidateAlert
            candidate={candidate}
            fresh={lastUpload?.outcome === 'candidate-rejected' ? lastUpload : null}
            isDiscarding={discard.isPending}
            onDiscard={() =>
              discard.mutate(undefined, {
                onSuccess: () => setLastUpload(null),
              })
            }
          />
        ) : null}
        {discard.isError ? (
          <QueryError title="The new key could not be discarded" error={discard.error} />
        ) : null}

        {key ? (
          <>
            <DetailList
              items={[
                { label: 'Service account', value: <span className="mono">{key.clientEmail}</span> },
                { label: 'Key ID', value: <span className="mono">{key.privateKeyId}</span> },
                {
                  label: 'Project',
                  value: key.projectId ?? <span className="text-subtle">Not in the file</span>,
                },
                { label: 'Format', value: keyFormatLabel(key.format) },
                {
                  label: 'Uploaded',
                  value: (
                    <span className="gc-inline">
                      {formatDateTime(key.uploadedAt)} by {key.uploadedBy}
                      <Badge tone={isKeyDueForRotation(key.ageDays) ? 'warning' : 'neutral'}>
                        {keyAgeText(key.ageDays)}
                      </Badge>
                    </span>
                  ),
                },
              ]}
            />
            {isKeyDueForRotation(key.ageDays) ? (
              <Alert tone="warning" title="Time to rotate this key">
                Google recommends replacing service-account keys at least every {KEY_ROTATION_DAYS} days.
                Create a new key for the same service account and upload it below.
              </Alert>
            ) : null}
            {isReplacing ? (
              <div className="gc-replace">
                <p className="text-muted">
                  The new key replaces this one only after Google issues a token with it for the admin user;
                  until then this key stays in use. {CREATE_KEY_STEPS}
                </p>
                <KeyUploadForm submitLabel="Upload and switch" onUploaded={onUploaded} />
                <div>
                  <Button variant="ghost" size="sm" onClick={() => setIsReplacing(false)}>
                    Cancel
                  </Button>
                </div>
              </div>
            ) : (
              <div>
                <Button variant="secondary" onClick={() => setIsReplacing(true)}>
                  Replace key…
                </Button>
              </div>
            )}
          </>
        ) : (
          <>
            <p className="text-muted">{CREATE_KEY_STEPS} Then upload the downloaded file here.</p>
            <KeyUploadForm submitLabel="Upload key" onUploaded={onUploaded} />
          </>
        )}
      </div>
    </Card>
  );
}

type TCandidateAlertProps = {
  candidate: TGoogleKeyCandidate;
  /** The upload that just produced this candidate, with the problem split into what and what to do. */
  fresh: TKeyUploadResult | null;
  isDiscarding: boolean;
  onDiscard: () => void;
};

function CandidateAlert({ candidate, fresh, isDiscarding, onDiscard }: TCandidateAlertProps) {
  const problem = fresh?.problem ?? candidate.problem;
  return (
    <Alert
      tone="warning"
      title="The new key was not switched in"
      action={
        <Button variant="secondary" size="sm" disabled={isDiscarding} onClick={onDiscard}>
          Discard new key
        </Button>
      }
    >
      <p>
        The new key <span className="mono">{candidate.privateKeyId}</span> ({candidate.clientEmail}) failed
        its connection check, so the key below stays in use. Fix the cause and upload the new key again, or
        discard it.
      </p>
      {problem ? <p>{problem.message}</p> : null}
      {problem?.remedy ? (
        <p>
          <strong>What to do:</strong> {problem.remedy}
        </p>
      ) : null}
    </Alert>
  );
}
