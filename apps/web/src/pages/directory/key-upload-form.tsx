import { type FormEvent, useId, useRef, useState } from 'react';
import type { TKeyUploadResult } from '../../api/google-connection';
import { useUploadKey } from '../../api/google-connection';
import { Button } from '../../components/button';
import { QueryError } from '../../components/query-error';
import { TextField } from '../../components/text-field';
import { isP12FileName } from './google-connection.labels';

const DEFAULT_P12_PASSWORD = 'notasecret';

type TKeyUploadFormProps = {
  submitLabel: string;
  onUploaded: (result: TKeyUploadResult) => void;
};

export function KeyUploadForm({ submitLabel, onUploaded }: TKeyUploadFormProps) {
  const fileInputId = useId();
  const hintId = useId();
  const upload = useUploadKey();
  const formRef = useRef<HTMLFormElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [clientEmail, setClientEmail] = useState('');
  // Google protects every .p12 key it issues with this password; another one only after a re-export.
  const [password, setPassword] = useState(DEFAULT_P12_PASSWORD);
  const isP12 = file !== null && isP12FileName(file.name);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    upload.mutate(
      { file, ...(isP12 ? { clientEmail: clientEmail.trim(), password } : {}) },
      {
        onSuccess: (result) => {
          setFile(null);
          setClientEmail('');
          setPassword(DEFAULT_P12_PASSWORD);
          formRef.current?.reset();
          onUploaded(result);
        },
      },
    );
  };

  return (
    <form ref={formRef} className="form key-upload" onSubmit={submit} aria-label="Upload service-account key">
      <div className="field">
        <label className="field__label" htmlFor={fileInputId}>
          Key file
        </label>
        <input
          id={fileInputId}
          className="file-input"
          type="file"
          accept=".json,.p12,.pfx,application/json,application/x-pkcs12"
          aria-describedby={hintId}
          onChange={(event) => {
            upload.reset();
            setFile(event.target.files?.[0] ?? null);
          }}
        />
        <p className="field__hint" id={hintId}>
          The JSON key downloaded from Google Cloud, or a legacy .p12 key. At most 64 KiB.
        </p>
      </div>
      {isP12 ? (
        <TextField
          label="Service account email"
          type="email"
          required
          placeholder="name@project-id.iam.gserviceaccount.com"
          value={clientEmail}
          onChange={(event) => setClientEmail(event.target.value)}
        />
      ) : null}
      {isP12 ? (
        <TextField
          label="Password of the .p12 file"
          type="text"
          autoComplete="off"
          spellCheck={false}
          required
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
      ) : null}
      {upload.isError ? <QueryError title="The key was not accepted" error={upload.error} /> : null}
      <div>
        <Button
          type="submit"
          disabled={!file || upload.isPending || (isP12 && (clientEmail.trim() === '' || password === ''))}
        >
          {upload.isPending ? 'Uploading and checking…' : submitLabel}
        </Button>
      </div>
    </form>
  );
}
