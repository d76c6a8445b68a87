import { statusLabel, type TUserState } from '../lib/user-labels';
import { Badge } from './badge';

export function StatusBadge({ user }: { user: TUserState }) {
  const isActive = !user.isSuspended && !user.isArchived;
  return <Badge tone={isActive ? 'success' : 'warning'}>{statusLabel(user)}</Badge>;
}
