import { useSyncRuns } from '../../api/directory-sync';
import { useGoogleConnection } from '../../api/google-connection';
import { useOidcSettings } from '../../api/oidc';
import { formatDateTime } from '../../lib/format-date';
import { missingConnectionParts } from '../directory/google-connection.labels';

export type TSetupStepId = 'connection' | 'users' | 'sign-in';

export type TSetupStep = {
  id: TSetupStepId;
  title: string;
  /** What the step is for while open; what was done once done. */
  description: string;
  isDone: boolean;
  to: string;
  action: string;
};

export type TSetupStatus =
  | { isPending: true; isError: boolean; steps: null; isComplete: false }
  | { isPending: false; isError: false; steps: TSetupStep[]; isComplete: boolean };

/**
 * The first-run path: connect Google Workspace, synchronize users, turn on Google sign-in. Each
 * step reads the same queries as the page it links to, so finishing a step there ticks it here.
 */
export function useSetupStatus(): TSetupStatus {
  const connection = useGoogleConnection();
  const runs = useSyncRuns(1);
  const oidc = useOidcSettings();
  if (!connection.data || !runs.data || !oidc.data) {
    return {
      isPending: true,
      isError: connection.isError || runs.isError || oidc.isError,
      steps: null,
      isComplete: false,
    };
  }

  const missing = missingConnectionParts(connection.data);
  // Verified means the last Check setup passed for today's key and admin user, not merely saved.
  const lastCheck = connection.data.lastCheck ?? null;
  const isVerified = missing.length === 0 && lastCheck !== null && lastCheck.isPassed && lastCheck.isCurrent;
  const lastSync = runs.data.items.find(
    (run) => !run.isDryRun && (run.status === 'SUCCEEDED' || run.status === 'HELD_FOR_CONFIRMATION'),
  );
  const steps: TSetupStep[] = [
    {
      id: 'connection',
      title: 'Connect and verify Google Workspace',
      description: isVerified
        ? `Check setup passed on ${formatDateTime(lastCheck.checkedAt)} for admin user ${connection.data.adminUser}.`
        : missing.length > 0
          ? `Upload the service-account key and name an admin user, then run Check setup. Missing: ${missing.join(' and ')}.`
          : lastCheck?.isCurrent && !lastCheck.isPassed
            ? 'The last Check setup failed: fix what it lists, then check again.'
            : 'Run Check setup to verify that Google accepts the key, the delegation and the admin user.',
      isDone: isVerified,
      to: '/directory/connection',
      action: 'Set up the connection',
    },
    {
      id: 'users',
      title: 'Synchronize users',
      description: lastSync
        ? `Users were synchronized from Google Workspace (${lastSync.counts.googleUsers.toLocaleString('en-US')} read).`
        : 'Pick the groups to synchronize, try them with Test Settings, then Synchronize now.',
      isDone: lastSync !== undefined,
      to: '/directory/synchronization',
      action: 'Synchronize users',
    },
    {
      id: 'sign-in',
      title: 'Turn on Sign-in with Google',
      description: oidc.data.isConfigured
        ? 'Users can choose "Sign in with Google" on the sign-in page.'
        : 'Enter this server’s public URL and the OAuth client, so users sign in with their Google accounts.',
      isDone: oidc.data.isConfigured,
      to: '/google-sign-in',
      action: 'Configure Google sign-in',
    },
  ];
  return { isPending: false, isError: false, steps, isComplete: steps.every((step) => step.isDone) };
}
