import { useEffect, useRef } from 'react';
import { useBlocker } from 'react-router';
import { Button } from './button';

type TUnsavedChangesGuardProps = { isDirty: boolean; what: string };

/**
 * Warns before a dirty form is left: a console link asks in a dialog (Stay / Leave without saving);
 * a reload or a closed tab gets the browser's own prompt, the only one a page may show there.
 */
export function UnsavedChangesGuard({ isDirty, what }: TUnsavedChangesGuardProps) {
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) => isDirty && currentLocation.pathname !== nextLocation.pathname,
  );
  const dialogRef = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    if (!isDirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [isDirty]);

  const isBlocked = blocker.state === 'blocked';
  useEffect(() => {
    const dialog = dialogRef.current;
    if (isBlocked && dialog && !dialog.open) dialog.showModal();
    if (!isBlocked && dialog?.open) dialog.close();
  }, [isBlocked]);

  return (
    <dialog
      ref={dialogRef}
      className="confirm-dialog"
      aria-labelledby="unsaved-changes-title"
      // Escape closes the dialog: that means "stay".
      onClose={() => (blocker.state === 'blocked' ? blocker.reset() : undefined)}
    >
      <h2 id="unsaved-changes-title">Leave without saving?</h2>
      <p>The {what} have changes that are not saved. If you leave now, they are lost.</p>
      <div className="confirm-dialog__actions">
        <Button variant="secondary" onClick={() => blocker.reset?.()}>
          Stay on this page
        </Button>
        <Button onClick={() => blocker.proceed?.()}>Leave without saving</Button>
      </div>
    </dialog>
  );
}
