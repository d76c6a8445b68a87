import { type FormEvent, useEffect, useId, useState } from 'react';
import { type TSyncSettings, type TSyncSettingsInput, useSaveSyncSettings } from '../../api/directory-sync';
import { Button } from '../../components/button';
import { Card } from '../../components/card';
import { QueryError } from '../../components/query-error';
import { UnsavedChangesGuard } from '../../components/unsaved-changes-guard';
import { formatDateTime } from '../../lib/format-date';
import { DefaultPrivilegesEditor } from './default-privileges-editor';
import { GroupPicker } from './group-picker';
import { useWholeCustomerGroupIds, WholeOrganisationNote } from './group-scope-note';

function toInput(settings: TSyncSettings): TSyncSettingsInput {
  const { groups, autoDelete, defaultPrivileges, defaultArchiveAccess, deletionThreshold, schedule } =
    settings;
  return { groups, autoDelete, defaultPrivileges, defaultArchiveAccess, deletionThreshold, schedule };
}

type TSyncSettingsSectionProps = {
  settings: TSyncSettings;
  /** Told whenever the form starts or stops differing from the saved settings. */
  onDirtyChange?: (isDirty: boolean) => void;
};

/** Synchronization settings: group filter, automatic deletion and its safety limit, defaults, schedule. */
export function SyncSettingsSection({ settings, onDirtyChange }: TSyncSettingsSectionProps) {
  const save = useSaveSyncSettings();
  const [draft, setDraft] = useState(() => toInput(settings));
  const wholeCustomerGroupIds = useWholeCustomerGroupIds(draft.groups);
  const ids = useId();
  useEffect(() => setDraft(toInput(settings)), [settings]);

  const isDirty = JSON.stringify(draft) !== JSON.stringify(toInput(settings));
  useEffect(() => onDirtyChange?.(isDirty), [isDirty, onDirtyChange]);
  useEffect(() => () => onDirtyChange?.(false), [onDirtyChange]);
  const change = (patch: Partial<TSyncSettingsInput>) => {
    save.reset();
    setDraft((current) => ({ ...current, ...patch }));
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(draft);
  };
  const number = (value: string) => (value === '' ? 0 : Math.max(0, Math.trunc(Number(value))));

  return (
    <Card
      title="Synchronization settings"
      description="Which Google Workspace users become archive users, what new users may do, and when to synchronize. Test Settings shows the effect before anything changes."
    >
      <UnsavedChangesGuard isDirty={isDirty} what="synchronization settings" />
      <form className="ds-settings" onSubmit={submit} aria-label="Synchronization settings">
        <section className="ds-settings__row">
          <h3>Sync only these groups</h3>
          <GroupPicker
            value={draft.groups}
            onChange={(groups) => change({ groups })}
            wholeCustomerGroupIds={wholeCustomerGroupIds}
          />
          <WholeOrganisationNote groups={draft.groups} ids={wholeCustomerGroupIds} />
        </section>

        <section className="ds-settings__row">
          <h3>Default privileges for new users</h3>
          <DefaultPrivilegesEditor
            privileges={draft.defaultPrivileges}
            archiveAccess={draft.defaultArchiveAccess}
            onPrivilegesChange={(defaultPrivileges) => change({ defaultPrivileges })}
            onArchiveAccessChange={(defaultArchiveAccess) => change({ defaultArchiveAccess })}
          />
        </section>

        <section className="ds-settings__row">
          <h3>Deleting users</h3>
          <label className="ds-check">
            <input
              type="checkbox"
              checked={draft.autoDelete}
              onChange={(event) => change({ autoDelete: event.target.checked })}
            />
            <span>
              Automatically delete users that were deleted in Google Workspace or left the selected groups.
              Their archives are always kept.
            </span>
          </label>
          <div className="ds-inline-fields">
            <span>Hold deletions for confirmation when more than</span>
            <input
              id={`${ids}-percent`}
              aria-label="Deletion threshold in percent of directory users"
              className="input ds-number"
              type="number"
              min={0}
              max={100}
              value={draft.deletionThreshold.percent}
              onChange={(event) =>
                change({
                  deletionThreshold: { ...draft.deletionThreshold, percent: number(event.target.value) },
                })
              }
            />
            <span>% of directory users or more than</span>
            <input
              aria-label="Deletion threshold in users"
              className="input ds-number"
              type="number"
              min={0}
              value={draft.deletionThreshold.count}
              onChange={(event) =>
                change({
                  deletionThreshold: { ...draft.deletionThreshold, count: number(event.target.value) },
                })
              }
            />
            <span>users would be deleted.</span>
          </div>
        </section>

        <section className="ds-settings__row">
          <h3>Schedule</h3>
          <div className="ds-inline-fields">
            <select
              aria-label="Synchronize automatically"
              className="input ds-select"
              value={draft.schedule.mode}
              onChange={(event) => {
                const mode = event.target.value as TSyncSettingsInput['schedule']['mode'];
                const interval =
                  mode === 'MINUTES' ? Math.max(draft.schedule.interval, 5) : draft.schedule.interval;
                change({
                  schedule: { mode, interval: mode === 'HOURS' ? Math.min(interval, 168) : interval },
                });
              }}
            >
              <option value="OFF">Off (synchronize by hand)</option>
              <option value="MINUTES">Every N minutes</option>
              <option value="HOURS">Every N hours</option>
            </select>
            {draft.schedule.mode !== 'OFF' ? (
              <>
                <span>every</span>
                <input
                  aria-label="Schedule interval"
                  className="input ds-number"
                  type="number"
                  min={draft.schedule.mode === 'MINUTES' ? 5 : 1}
                  max={draft.schedule.mode === 'MINUTES' ? 1440 : 168}
                  value={draft.schedule.interval}
                  onChange={(event) =>
                    change({
                      schedule: { ...draft.schedule, interval: Math.max(1, number(event.target.value)) },
                    })
                  }
                />
                <span>{draft.schedule.mode === 'MINUTES' ? 'minutes' : 'hours'}</span>
              </>
            ) : null}
          </div>
          {settings.nextScheduledRunAt && !isDirty ? (
            <p className="text-muted ds-hint">
              Next scheduled sync: {formatDateTime(settings.nextScheduledRunAt)}
            </p>
          ) : null}
        </section>

        <div className="ds-settings__actions">
          <Button type="submit" disabled={!isDirty || save.isPending}>
            {save.isPending ? 'Saving…' : 'Save settings'}
          </Button>
          {isDirty ? (
            <Button variant="ghost" onClick={() => setDraft(toInput(settings))}>
              Discard changes
            </Button>
          ) : save.isSuccess ? (
            <span className="ds-saved" role="status">
              Saved
            </span>
          ) : settings.updatedAt ? (
            <span className="text-muted">
              Last saved {formatDateTime(settings.updatedAt)}
              {settings.updatedBy ? ` by ${settings.updatedBy}` : ''}
            </span>
          ) : null}
        </div>
        {save.isError ? <QueryError title="The settings were not saved" error={save.error} /> : null}
      </form>
    </Card>
  );
}
