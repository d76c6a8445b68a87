import { useId } from 'react';
import { CopyButton } from '../../components/copy-button';

/** A read-only value to paste elsewhere (here: into Google Cloud), with a copy button. */
export function CopyField({ label, value }: { label: string; value: string }) {
  const id = useId();
  return (
    <div className="copy-field">
      <label className="visually-hidden" htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        className="input copy-field__value"
        readOnly
        value={value}
        onFocus={(event) => event.currentTarget.select()}
      />
      <CopyButton value={value} label={`Copy ${label}`} />
    </div>
  );
}
