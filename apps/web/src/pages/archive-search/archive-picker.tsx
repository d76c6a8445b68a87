import { useId } from 'react';
import type { TReadableArchive } from '../../api/archive-read';

type TArchivePickerProps = {
  archives: TReadableArchive[];
  /** '' for every archive. */
  value: string;
  onChange: (archiveFolderId: string) => void;
};

/** All archives, or one: each named with its owner, so two "Archive of …" folders are told apart. */
export function ArchivePicker({ archives, value, onChange }: TArchivePickerProps) {
  const id = useId();
  return (
    <div className="as-picker">
      <label htmlFor={id} className="field__label">
        Archive
      </label>
      <select id={id} className="input" value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">All archives ({archives.length})</option>
        {archives.map((archive) => (
          <option key={archive.id} value={archive.id}>
            {archive.name}
            {archive.name.includes(archive.ownerUserName) ? '' : ` (${archive.ownerUserName})`}
          </option>
        ))}
      </select>
    </div>
  );
}
