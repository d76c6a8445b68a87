import { useRef, useState } from 'react';
import { Button } from '../../components/button';
import { TestAuthenticationPanel } from './test-authentication-panel';
import './google-sign-in.css';

/** The Users page's "Test authentication" button and its dialog. */
export function TestAuthenticationButton() {
  const dialogRef = useRef<HTMLDialogElement>(null);
  // Mounted only while open: each opening starts a fresh test.
  const [isOpen, setIsOpen] = useState(false);

  const open = () => {
    setIsOpen(true);
    dialogRef.current?.showModal();
  };
  const close = () => dialogRef.current?.close();

  return (
    <>
      <Button variant="secondary" onClick={open}>
        Test authentication
      </Button>
      <dialog
        ref={dialogRef}
        className="dialog"
        aria-labelledby="test-auth-title"
        onClose={() => setIsOpen(false)}
      >
        <header className="dialog__header">
          <h2 id="test-auth-title">Test authentication</h2>
          <Button variant="ghost" size="sm" onClick={close} aria-label="Close">
            ✕
          </Button>
        </header>
        <p className="text-muted dialog__intro">
          Pick a user; Google's sign-in page opens with their address filled in. The result shows up here.
        </p>
        {isOpen ? <TestAuthenticationPanel /> : null}
      </dialog>
    </>
  );
}
