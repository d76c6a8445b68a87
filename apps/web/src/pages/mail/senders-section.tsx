import { type FormEvent, useEffect, useState } from 'react';
import {
  type TSendSettings,
  useSaveSendSettings,
  useSendSettings,
  useSendTestEmail,
} from '../../api/sending';
import { Alert } from '../../components/alert';
import { Button } from '../../components/button';
import { Card } from '../../components/card';
import { QueryError } from '../../components/query-error';
import { Spinner } from '../../components/spinner';
import { TextField } from '../../components/text-field';
import { parseAddressList } from './mail-address-list';

type TForm = {
  listedSenders: string;
  notificationSender: string;
  notificationRecipients: string;
  notify: TSendSettings['notify'];
};

const toForm = (settings: TSendSettings): TForm => ({
  listedSenders: settings.listedSenders.join(', '),
  notificationSender: settings.notificationSender ?? '',
  notificationRecipients: settings.notificationRecipients.join(', '),
  notify: settings.notify,
});

const NOTIFY_LABELS: Record<keyof TSendSettings['notify'], string> = {
  syncProblems: 'A user synchronization failed or holds deletions for confirmation',
  mailboxProblems: "A mailbox stayed incomplete or paused on Gmail's quota",
  keyAge: 'The service-account key is about to be a year old',
};

/** Who may send (synced users with Send E-mail, listed addresses), the admins' notifications, Send test e-mail. */
export function SendersSection() {
  const settings = useSendSettings();
  const save = useSaveSendSettings();
  const test = useSendTestEmail();
  const [form, setForm] = useState<TForm | null>(null);
  const [testFrom, setTestFrom] = useState('');
  const [testTo, setTestTo] = useState('');
  useEffect(() => {
    if (settings.data && form === null) setForm(toForm(settings.data));
  }, [settings.data, form]);

  if (settings.isPending || form === null) return <Spinner label="Loading the sending settings" />;
  if (settings.isError)
    return <QueryError title="The sending settings could not be loaded" error={settings.error} />;
  const data = settings.data;

  const onSave = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(
      {
        listedSenders: parseAddressList(form.listedSenders),
        notificationSender: form.notificationSender.trim() === '' ? null : form.notificationSender.trim(),
        notificationRecipients: parseAddressList(form.notificationRecipients),
        notify: form.notify,
      },
      { onSuccess: (saved) => setForm(toForm(saved)) },
    );
  };
  const onTest = (event: FormEvent) => {
    event.preventDefault();
    test.mutate({ from: testFrom.trim(), to: testTo.trim() });
  };

  return (
    <>
      <form className="form" onSubmit={onSave} aria-label="Sending settings">
        <Card
          title="Allowed senders"
          description="Synced users holding the Send E-mail privilege may be named as the sender. List other addresses here, such as shared mailboxes."
        >
          <div className="form">
            <p className="text-muted">
              With the Send E-mail privilege:{' '}
              {data.privilegedSenders.length === 0
                ? 'nobody yet (give it under Users, or as a default privilege of the synchronization).'
                : data.privilegedSenders.map((sender) => sender.address).join(', ')}
            </p>
            <TextField
              label="Listed senders (addresses, separated by commas)"
              value={form.listedSenders}
              onChange={(event) => setForm({ ...form, listedSenders: event.target.value })}
            />
            <p className="text-muted">
              Limits per sender over a rolling 24 hours: {data.limits.messagesPerDay} messages,{' '}
              {data.limits.recipientsPerDay} recipients, {data.limits.recipientsPerMessage} recipients per
              message. SMTP server: {data.smtp.host}:{data.smtp.port} ({data.smtp.security}).
            </p>
          </div>
        </Card>
        <Card title="Notifications" description="Mail to the administrators when something needs them.">
          <div className="form">
            <TextField
              label="Send notifications as"
              value={form.notificationSender}
              onChange={(event) => setForm({ ...form, notificationSender: event.target.value })}
              placeholder="it-alerts@example.com"
            />
            <TextField
              label="Send them to (addresses, separated by commas)"
              value={form.notificationRecipients}
              onChange={(event) => setForm({ ...form, notificationRecipients: event.target.value })}
            />
            <fieldset className="ds-fieldset">
              <legend className="field__label">Notify when</legend>
              {(Object.keys(NOTIFY_LABELS) as (keyof TSendSettings['notify'])[]).map((kind) => (
                <label key={kind} className="ds-check">
                  <input
                    type="checkbox"
                    checked={form.notify[kind]}
                    onChange={(event) =>
                      setForm({ ...form, notify: { ...form.notify, [kind]: event.target.checked } })
                    }
                  />
                  <span>{NOTIFY_LABELS[kind]}</span>
                </label>
              ))}
            </fieldset>
          </div>
        </Card>
        {save.isError ? <Alert title="The settings were not saved">{save.error.message}</Alert> : null}
        {save.isSuccess ? (
          <Alert tone="info" title="Saved">
            The sending settings are in effect.
          </Alert>
        ) : null}
        <div>
          <Button type="submit" disabled={save.isPending}>
            Save
          </Button>
        </div>
      </form>
      <Card
        title="Send test e-mail"
        description="Queues a short message from an allowed sender; its outcome shows in the send log."
      >
        <form className="form" onSubmit={onTest} aria-label="Send test e-mail">
          <TextField
            label="From"
            value={testFrom}
            onChange={(event) => setTestFrom(event.target.value)}
            required
          />
          <TextField label="To" value={testTo} onChange={(event) => setTestTo(event.target.value)} required />
          {test.isError ? <Alert title="The test e-mail was not queued">{test.error.message}</Alert> : null}
          {test.isSuccess ? (
            <Alert tone="info" title="Queued">
              Message-ID {test.data.messageId}. See the send log for Gmail's answer.
            </Alert>
          ) : null}
          <div>
            <Button type="submit" variant="secondary" disabled={test.isPending}>
              Send test e-mail
            </Button>
          </div>
        </form>
      </Card>
    </>
  );
}
