export type TSyncPhase =
  | 'queued'
  | 'reading-users'
  | 'reading-groups'
  | 'loading-database'
  | 'planning'
  | 'recording-plan'
  | 'applying'
  | 'finished';

export type TSyncProgress = {
  phase: TSyncPhase;
  pagesRead: number;
  usersRead: number;
  groupsRead: number;
  usersPlanned: number;
  changesToApply: number;
  changesApplied: number;
};

export const INITIAL_PROGRESS: Readonly<TSyncProgress> = Object.freeze({
  phase: 'queued',
  pagesRead: 0,
  usersRead: 0,
  groupsRead: 0,
  usersPlanned: 0,
  changesToApply: 0,
  changesApplied: 0,
});

export type TProgressSink = (progress: Readonly<TSyncProgress>, isPhaseChange: boolean) => void;

/**
 * Holds the live counters of one run and passes them on at most once per interval (and at every
 * phase change), so a 100,000-user read costs a few hundred progress writes, not one per user.
 */
export function createProgressTracker(sink: TProgressSink, intervalMs = 1_000, now = Date.now) {
  const progress: TSyncProgress = { ...INITIAL_PROGRESS };
  let lastEmit = 0;
  const emit = (isPhaseChange: boolean) => {
    lastEmit = now();
    sink({ ...progress }, isPhaseChange);
  };
  return {
    get current(): Readonly<TSyncProgress> {
      return progress;
    },
    phase(phase: TSyncPhase): void {
      progress.phase = phase;
      emit(true);
    },
    update(patch: Partial<Omit<TSyncProgress, 'phase'>>): void {
      Object.assign(progress, patch);
      if (now() - lastEmit >= intervalMs) emit(false);
    },
    flush(): void {
      emit(false);
    },
  };
}

export type TProgressTracker = ReturnType<typeof createProgressTracker>;
