import { useEffect, useId, useState } from 'react';
import { Button } from '../../components/button';

const CONFIRMATION_MS = 2000;

// navigator.clipboard exists only in secure contexts; a console opened over http on a LAN address
// is not one, so the selection-based copy command is the fallback.
async function writeToClipboard(value: string): Promise<void> {
  if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(value);
  const area = document.createElement('textarea');
  area.value = value;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.append(area);
  area.select();
  const isCopied = document.execCommand('copy');
  area.remove();
  if (!isCopied) throw new Error('The browser refused to copy.');
}

/** A read-only value to paste elsewhere (here: into Google Cloud), with a copy button. */
export function CopyField({ label, value }: { label: string; value: string }) {
  const id = useId();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');

  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), CONFIRMATION_MS);
    return () => clearTimeout(timer);
  }, [state]);

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
      <Button
        variant="secondary"
        aria-label={`Copy ${label}`}
        onClick={() =>
          writeToClipboard(value).then(
            () => setState('copied'),
            () => setState('failed'),
          )
        }
      >
        {state === 'copied' ? 'Copied' : 'Copy'}
      </Button>
      <span className="visually-hidden" role="status">
        {state === 'copied'
          ? `${label} copied`
          : state === 'failed'
            ? 'Copy failed: select the text and copy it'
            : ''}
      </span>
    </div>
  );
}
