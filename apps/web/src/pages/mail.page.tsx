import { AreaPlaceholder } from '../components/area-placeholder';

export function MailPage() {
  return (
    <AreaPlaceholder
      title="Mail"
      description="Set up how the connector reads and sends Gmail on behalf of users over IMAP and SMTP."
      plannedItems={[
        'IMAP and SMTP servers, with OAuth 2.0 sign-in through the service account.',
        'Limits that keep each mailbox within Gmail’s daily transfer quotas.',
        'A connection test for a chosen user.',
      ]}
    />
  );
}
