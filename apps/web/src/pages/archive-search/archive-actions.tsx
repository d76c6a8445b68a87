import { useId, useState } from 'react';
import {
  browserTimeZone,
  type TArchiveHit,
  type TArchiveSelection,
  type TReadArea,
  type TReadableArchive,
  useCreateArchiveExport,
  useCreateArchiveRestore,
} from '../../api/archive-read';
import { Button } from '../../components/button';
import { QueryError } from '../../components/query-error';
import { formatCount } from '../archive/archive.labels';
import { countText } from './archive-search.labels';
import { ExportStatus } from './export-status';
import { RestoreStatus } from './restore-status';

type TArchiveActionsProps = {
  area: TReadArea;
  query: string;
  archiveFolderId: string | undefined;
  count: { value: number; isExact: boolean };
  /** The selected results (those on the loaded pages). */
  selected: TArchiveHit[];
  canExport: boolean;
  restorable: TReadableArchive[];
};

type TScope = 'SELECTED' | 'SEARCH';

/** The archive a restore goes to: the one searched, else the one every selected message shares. */
function defaultTarget(props: TArchiveActionsProps): string {
  if (props.restorable.some((archive) => archive.id === props.archiveFolderId)) {
    return props.archiveFolderId ?? '';
  }
  const first = props.restorable.find(
    (archive) =>
      props.selected.length > 0 &&
      props.selected.every((hit) => hit.archives.some((held) => held.id === archive.id)),
  )?.id;
  return first ?? '';
}

/** Export (mbox or zip) and Restore to Gmail, for the selected messages or the whole search result. */
export function ArchiveActions(props: TArchiveActionsProps) {
  const { area, selected } = props;
  const ids = { scope: useId(), format: useId(), target: useId() };
  const [scope, setScope] = useState<TScope>('SELECTED');
  const [format, setFormat] = useState<'MBOX' | 'ZIP'>('MBOX');
  const [chosenTarget, setChosenTarget] = useState('');
  const createExport = useCreateArchiveExport(area);
  const createRestore = useCreateArchiveRestore(area);
  const effectiveScope: TScope = selected.length > 0 ? scope : 'SEARCH';
  const selection: TArchiveSelection =
    effectiveScope === 'SELECTED'
      ? { kind: 'MESSAGES', messageIds: selected.map((hit) => hit.messageId) }
      : {
          kind: 'SEARCH',
          query: props.query,
          archiveFolderId: props.archiveFolderId,
          timeZone: browserTimeZone(),
        };
  const target = chosenTarget || defaultTarget(props);
  const searchLabel = `All results of this search (${countText(props.count).toLowerCase()})`;

  return (
    <section className="as-actions" aria-label="Export and restore">
      <fieldset className="as-actions__scope">
        <legend className="field__label">Messages</legend>
        <label>
          <input
            type="radio"
            name={ids.scope}
            checked={effectiveScope === 'SELECTED'}
            disabled={selected.length === 0}
            onChange={() => setScope('SELECTED')}
          />{' '}
          Selected ({formatCount(selected.length)})
        </label>
        <label>
          <input
            type="radio"
            name={ids.scope}
            checked={effectiveScope === 'SEARCH'}
            onChange={() => setScope('SEARCH')}
          />{' '}
          {searchLabel}
        </label>
      </fieldset>
      <div className="as-actions__row">
        {props.canExport ? (
          <div className="as-actions__group">
            <label htmlFor={ids.format} className="field__label">
              Export as
            </label>
            <div className="as-actions__controls">
              <select
                id={ids.format}
                className="input"
                value={format}
                onChange={(event) => setFormat(event.target.value as 'MBOX' | 'ZIP')}
              >
                <option value="MBOX">mbox (one file, for mail programs)</option>
                <option value="ZIP">zip of .eml files</option>
              </select>
              <Button
                variant="secondary"
                disabled={createExport.isPending}
                onClick={() => createExport.mutate({ format, selection })}
              >
                Export
              </Button>
            </div>
          </div>
        ) : null}
        {props.restorable.length > 0 ? (
          <div className="as-actions__group">
            <label htmlFor={ids.target} className="field__label">
              Restore into the Gmail of
            </label>
            <div className="as-actions__controls">
              <select
                id={ids.target}
                className="input"
                value={target}
                onChange={(event) => setChosenTarget(event.target.value)}
              >
                <option value="" disabled>
                  Choose an archive
                </option>
                {props.restorable.map((archive) => (
                  <option key={archive.id} value={archive.id}>
                    {archive.name.includes(archive.ownerUserName)
                      ? archive.ownerUserName
                      : `${archive.ownerUserName} (${archive.name})`}
                  </option>
                ))}
              </select>
              <Button
                variant="secondary"
                disabled={createRestore.isPending || target === ''}
                onClick={() => createRestore.mutate({ archiveFolderId: target, selection })}
              >
                Restore to Gmail
              </Button>
            </div>
            <p className="text-muted as-actions__hint">
              Puts the messages back with their original date, flags and labels. A message already in the
              mailbox is not added twice.
            </p>
          </div>
        ) : null}
      </div>
      {createExport.isError ? (
        <QueryError title="The export could not be started" error={createExport.error} />
      ) : null}
      {createExport.data ? <ExportStatus area={area} exportId={createExport.data.id} /> : null}
      {createRestore.isError ? (
        <QueryError title="The restore could not be started" error={createRestore.error} />
      ) : null}
      {createRestore.data ? <RestoreStatus area={area} restoreId={createRestore.data.id} /> : null}
    </section>
  );
}
