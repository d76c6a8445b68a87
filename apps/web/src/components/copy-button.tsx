import { useEffect, useState } from 'react';
import { Button } from './button';

type TCopyButtonProps = {
  value: string;
  /** What is copied, for screen readers and tests: "Copy Client ID". */
  label: string;
  text?: string;
};

const COPIED_MS = 2000;

// The async Clipboard API needs a secure context; a console reached over plain http on a LAN
// address is not one, so the old selection-based copy is the fallback there.
async function copyText(value: string): Promise<void> {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(value);
    return;
  }
  const area = document.createElement('textarea');
  area.value = value;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.append(area);
  area.select();
  const isCopied = document.execCommand('copy');
  area.remove();
  if (!isCopied) throw new Error('copy refused');
}

export function CopyButton({ value, label, text = 'Copy' }: TCopyButtonProps) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');

  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), COPIED_MS);
    return () => clearTimeout(timer);
  }, [state]);

  return (
    <Button
      variant="secondary"
      size="sm"
      aria-label={label}
      title={label}
      className="copy-button"
      onClick={() => {
        copyText(value).then(
          () => setState('copied'),
          () => setState('failed'),
        );
      }}
    >
      <span aria-live="polite">
        {state === 'copied' ? 'Copied' : state === 'failed' ? 'Select and copy' : text}
      </span>
    </Button>
  );
}
