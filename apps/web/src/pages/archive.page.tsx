import { AreaPlaceholder } from '../components/area-placeholder';

export function ArchivePage() {
  return (
    <AreaPlaceholder
      title="Archive"
      description="Choose which mailboxes are archived, when archiving runs and who may read each user's archive."
      plannedItems={[
        'Archiving profiles that select users and folders.',
        'Schedules and the progress of running archive jobs.',
        'Access to archive folders: read, write and delete per user.',
      ]}
    />
  );
}
