import { type FormEvent, useEffect, useState } from 'react';
import { useSaveAdminUser } from '../../api/google-connection';
import { Button } from '../../components/button';
import { Card } from '../../components/card';
import { QueryError } from '../../components/query-error';
import { TextField } from '../../components/text-field';

export function AdminUserCard({ adminUser }: { adminUser: string | null }) {
  const save = useSaveAdminUser();
  const [draft, setDraft] = useState(adminUser ?? '');

  useEffect(() => setDraft(adminUser ?? ''), [adminUser]);

  const isUnchanged = draft.trim().toLowerCase() === (adminUser ?? '');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(draft.trim());
  };

  return (
    <Card
      title="3. Admin user"
      description="The service account acts as this Google Workspace user when it reads users and groups. It must be a super admin, or hold an admin role with the Users and Groups read privileges."
    >
      <form className="gc-admin-form" onSubmit={submit} aria-label="Admin user">
        <TextField
          label="Admin user email"
          type="email"
          required
          placeholder="admin@your-domain.com"
          autoComplete="off"
          value={draft}
          onChange={(event) => {
            save.reset();
            setDraft(event.target.value);
          }}
        />
        <Button type="submit" disabled={save.isPending || isUnchanged || draft.trim() === ''}>
          {save.isPending ? 'Saving…' : 'Save'}
        </Button>
        {save.isSuccess && isUnchanged ? (
          <span className="gc-saved" role="status">
            Saved
          </span>
        ) : null}
      </form>
      {save.isError ? (
        <div className="gc-after-form">
          <QueryError title="The admin user was not saved" error={save.error} />
        </div>
      ) : null}
    </Card>
  );
}
