import { ApiError } from '../api/client';
import { Alert } from './alert';
import { Button } from './button';

type TQueryErrorProps = {
  title: string;
  error: Error;
  onRetry?: () => void;
};

/** Shows an API failure in words, with the request id support staff need to find the log line. */
export function QueryError({ title, error, onRetry }: TQueryErrorProps) {
  const requestId = error instanceof ApiError ? error.requestId : undefined;
  return (
    <Alert
      title={title}
      action={
        onRetry ? (
          <Button variant="secondary" size="sm" onClick={onRetry}>
            Try again
          </Button>
        ) : undefined
      }
    >
      <p>{error.message}</p>
      {requestId ? <p className="alert__meta">Request ID: {requestId}</p> : null}
    </Alert>
  );
}
