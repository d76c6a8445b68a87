import { AreaPlaceholder } from '../components/area-placeholder';

export function DirectoryPage() {
  return (
    <AreaPlaceholder
      title="Directory Services"
      description="Connect the connector to Google Workspace with a service-account key and synchronize users from the directory."
      plannedItems={[
        'Upload the service-account JSON key and see the Client ID and OAuth scopes to authorize in Google.',
        'Check setup: each delegation scope and Directory API call tested with a remedy for each failure.',
        'Test Settings and Synchronize now, with group filters, default privileges and a schedule.',
      ]}
    />
  );
}
