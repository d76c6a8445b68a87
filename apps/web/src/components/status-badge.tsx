import { statusLabel } from '../lib/user-labels';
import { Badge } from './badge';

export function StatusBadge({ isSuspended }: { isSuspended: boolean }) {
  return <Badge tone={isSuspended ? 'warning' : 'success'}>{statusLabel(isSuspended)}</Badge>;
}
