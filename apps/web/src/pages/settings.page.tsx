import { AreaPlaceholder } from '../components/area-placeholder';

export function SettingsPage() {
  return (
    <AreaPlaceholder
      title="Settings"
      description="Manage the connector itself: the administrator account, sessions, and the audit log of changes."
      plannedItems={[
        'The local administrator’s password and sign-in protection.',
        'Sessions currently signed in, with the option to end them.',
        'The audit log of sign-ins and configuration changes.',
      ]}
    />
  );
}
