export { emailsOf, toDesiredUser, userNameOf } from './plan/desired-user.mapper';
export { planDirectorySync } from './plan/directory-sync.planner';
export type * from './plan/plan.types';
export { summarizePlan, type TPlanSummary } from './plan/plan-summary';
export { changeText, REASON_LABELS } from './plan/reason-text';
export { diffUser, sameEmails } from './plan/user-diff';
