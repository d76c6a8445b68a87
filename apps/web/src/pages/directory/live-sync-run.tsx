import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { type TRunSummary, useRunEvents, useSyncRuns } from '../../api/directory-sync';

type TLiveSyncRun = {
  /** The run being followed over server-sent events, or null when none is running. */
  runningRunId: string | null;
  /** The latest summary the events delivered (it outlives the run, so the final state shows at once). */
  live: TRunSummary | null;
  /** Follow this run from now on: one just started, or one a view found still running. */
  follow: (runId: string) => void;
};

const LiveSyncRunContext = createContext<TLiveSyncRun | null>(null);

/**
 * Follows the running synchronization for every Directory Services tab at once, so switching tabs
 * neither drops the progress nor misses the end of the run (which refreshes history and users).
 */
export function LiveSyncRunProvider({ children }: { children: ReactNode }) {
  const runs = useSyncRuns(1);
  const [followedId, setFollowedId] = useState<string | null>(null);
  const [live, setLive] = useState<TRunSummary | null>(null);

  const listedId = runs.data?.items.find((run) => run.status === 'RUNNING')?.id ?? null;
  // The run list lags behind the events: a run whose final event arrived is over, whatever it says.
  const isOver = (id: string | null) => id === null || (live?.id === id && live.status !== 'RUNNING');
  const runningRunId = !isOver(followedId) ? followedId : !isOver(listedId) ? listedId : null;
  useRunEvents(runningRunId, runningRunId !== null, setLive);

  const follow = useCallback((runId: string) => {
    setFollowedId(runId);
    // A confirmed run runs again under the same id: its old final state must not end it at once.
    setLive((current) => (current?.id === runId ? null : current));
  }, []);

  const value = useMemo(() => ({ runningRunId, live, follow }), [runningRunId, live, follow]);
  return <LiveSyncRunContext.Provider value={value}>{children}</LiveSyncRunContext.Provider>;
}

export function useLiveSyncRun(): TLiveSyncRun {
  const value = useContext(LiveSyncRunContext);
  if (value === null) throw new Error('useLiveSyncRun needs a LiveSyncRunProvider above it');
  return value;
}
