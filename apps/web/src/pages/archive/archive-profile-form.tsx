import { type FormEvent, useEffect, useState } from 'react';
import {
  type TArchiveProfile,
  type TArchiveProfileInput,
  type TArchiveScheduleMode,
  type TArchiveScope,
  useSaveArchiveProfile,
} from '../../api/archiving';
import { Button } from '../../components/button';
import { Card } from '../../components/card';
import { QueryError } from '../../components/query-error';
import { formatDateTime } from '../../lib/format-date';
import { GroupPicker } from '../directory/group-picker';
import { type TPickedUser, UserPicker } from './user-picker';

type TDraft = Omit<TArchiveProfileInput, 'mailboxes'> & {
  mailboxes: Omit<TArchiveProfileInput['mailboxes'], 'userIds'> & { users: TPickedUser[] };
};

function toDraft(profile: TArchiveProfile): TDraft {
  return { mailboxes: profile.mailboxes, folders: profile.folders, schedule: profile.schedule };
}

function toInput(draft: TDraft): TArchiveProfileInput {
  const { users, ...mailboxes } = draft.mailboxes;
  return { ...draft, mailboxes: { ...mailboxes, userIds: users.map((user) => user.id) } };
}

// One folder path per line: IMAP folder names may contain commas.
const toLines = (folders: string[]) => folders.join('\n');
const fromLines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');

const SCOPES: { value: TArchiveScope; label: string }[] = [
  { value: 'ALL_SYNCED_USERS', label: 'All synchronized users' },
  { value: 'GROUP_MEMBERS', label: 'Members of these groups' },
  { value: 'CHOSEN_USERS', label: 'These users' },
];

/** Which mailboxes and folders are archived, and when. */
export function ArchiveProfileForm({ profile }: { profile: TArchiveProfile }) {
  const save = useSaveArchiveProfile();
  const [draft, setDraft] = useState(() => toDraft(profile));
  const [includeText, setIncludeText] = useState(() => toLines(profile.folders.include));
  const [excludeText, setExcludeText] = useState(() => toLines(profile.folders.exclude));
  useEffect(() => {
    setDraft(toDraft(profile));
    setIncludeText(toLines(profile.folders.include));
    setExcludeText(toLines(profile.folders.exclude));
  }, [profile]);

  const current: TDraft = {
    ...draft,
    folders: { ...draft.folders, include: fromLines(includeText), exclude: fromLines(excludeText) },
  };
  const isDirty = JSON.stringify(current) !== JSON.stringify(toDraft(profile));
  const change = (patch: Partial<TDraft>) => {
    save.reset();
    setDraft((value) => ({ ...value, ...patch }));
  };
  const changeMailboxes = (patch: Partial<TDraft['mailboxes']>) =>
    change({ mailboxes: { ...draft.mailboxes, ...patch } });
  const changeFolders = (patch: Partial<TDraft['folders']>) =>
    change({ folders: { ...draft.folders, ...patch } });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(toInput(current));
  };

  return (
    <Card
      title="Archiving profile"
      description="Which mailboxes and folders are archived, and when. Estimate shows how much that is before anything is downloaded."
    >
      <form className="ds-settings" onSubmit={submit} aria-label="Archiving profile">
        <section className="ds-settings__row">
          <h3>Mailboxes</h3>
          <fieldset className="ar-fieldset">
            <legend className="visually-hidden">Archive the mailboxes of</legend>
            {SCOPES.map((scope) => (
              <label key={scope.value} className="ds-check">
                <input
                  type="radio"
                  name="archive-scope"
                  value={scope.value}
                  checked={draft.mailboxes.scope === scope.value}
                  onChange={() => changeMailboxes({ scope: scope.value })}
                />
                <span>{scope.label}</span>
              </label>
            ))}
          </fieldset>
          {draft.mailboxes.scope === 'GROUP_MEMBERS' ? (
            <GroupPicker
              value={draft.mailboxes.groups}
              onChange={(groups) => changeMailboxes({ groups })}
              emptyText="Choose at least one group."
              hint="Members of groups inside a chosen group are archived too; membership is read from Google when a run starts."
            />
          ) : null}
          {draft.mailboxes.scope === 'CHOSEN_USERS' ? (
            <UserPicker value={draft.mailboxes.users} onChange={(users) => changeMailboxes({ users })} />
          ) : null}
          <label className="ds-check">
            <input
              type="checkbox"
              checked={draft.mailboxes.requireArchivePrivilege}
              onChange={(event) => changeMailboxes({ requireArchivePrivilege: event.target.checked })}
            />
            <span>Only users with the "Archive E-mail" privilege</span>
          </label>
        </section>

        <section className="ds-settings__row">
          <h3>Folders</h3>
          <p className="text-muted ds-hint">
            Gmail: All Mail (every message once, with its labels) and Sent are always archived.
          </p>
          <label className="ds-check">
            <input
              type="checkbox"
              checked={draft.folders.includeSpam}
              onChange={(event) => changeFolders({ includeSpam: event.target.checked })}
            />
            <span>Include Spam</span>
          </label>
          <label className="ds-check">
            <input
              type="checkbox"
              checked={draft.folders.includeTrash}
              onChange={(event) => changeFolders({ includeTrash: event.target.checked })}
            />
            <span>Include Trash</span>
          </label>
          <div className="ar-folder-lists">
            <label className="ar-field">
              <span>Other IMAP servers: only these folders (one per line, empty for all)</span>
              <textarea
                className="input"
                rows={3}
                value={includeText}
                onChange={(event) => {
                  save.reset();
                  setIncludeText(event.target.value);
                }}
              />
            </label>
            <label className="ar-field">
              <span>Other IMAP servers: never these folders (one per line)</span>
              <textarea
                className="input"
                rows={3}
                value={excludeText}
                onChange={(event) => {
                  save.reset();
                  setExcludeText(event.target.value);
                }}
              />
            </label>
          </div>
        </section>

        <section className="ds-settings__row">
          <h3>Schedule</h3>
          <div className="ds-inline-fields">
            <select
              aria-label="Archive automatically"
              className="input ds-select"
              value={draft.schedule.mode}
              onChange={(event) =>
                change({ schedule: { ...draft.schedule, mode: event.target.value as TArchiveScheduleMode } })
              }
            >
              <option value="OFF">Off (run by hand)</option>
              <option value="HOURLY">Every hour</option>
              <option value="DAILY">Every day at</option>
            </select>
            {draft.schedule.mode === 'DAILY' ? (
              <input
                aria-label="Time of day"
                className="input ar-time"
                type="time"
                required
                value={draft.schedule.time}
                onChange={(event) => change({ schedule: { ...draft.schedule, time: event.target.value } })}
              />
            ) : null}
          </div>
          {profile.nextScheduledRunAt && !isDirty ? (
            <p className="text-muted ds-hint">
              Next scheduled run: {formatDateTime(profile.nextScheduledRunAt)}
            </p>
          ) : null}
        </section>

        {save.isError ? <QueryError title="The profile was not saved" error={save.error} /> : null}
        <div className="ds-settings__actions">
          <Button type="submit" disabled={!isDirty || save.isPending}>
            {save.isPending ? 'Saving…' : 'Save profile'}
          </Button>
          {isDirty ? (
            <Button
              variant="ghost"
              onClick={() => {
                setDraft(toDraft(profile));
                setIncludeText(toLines(profile.folders.include));
                setExcludeText(toLines(profile.folders.exclude));
              }}
            >
              Discard changes
            </Button>
          ) : save.isSuccess ? (
            <span className="ds-saved" role="status">
              Saved
            </span>
          ) : profile.updatedAt ? (
            <span className="text-muted">
              Saved {formatDateTime(profile.updatedAt)}
              {profile.updatedBy ? ` by ${profile.updatedBy}` : ''}
            </span>
          ) : null}
        </div>
      </form>
    </Card>
  );
}
