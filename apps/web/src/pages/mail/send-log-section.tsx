import { type TSendMessageView, useSendLog } from '../../api/sending';
import { Badge, type TBadgeTone } from '../../components/badge';
import { Card } from '../../components/card';
import { QueryError } from '../../components/query-error';
import { Spinner } from '../../components/spinner';
import { formatDateAndTime } from '../../lib/format-date';

const STATUS: Record<TSendMessageView['status'], { tone: TBadgeTone; text: string }> = {
  QUEUED: { tone: 'neutral', text: 'Queued' },
  SENDING: { tone: 'info', text: 'Sending' },
  RETRYING: { tone: 'warning', text: 'Retrying' },
  SENT: { tone: 'success', text: 'Sent' },
  FAILED: { tone: 'danger', text: 'Failed' },
};

const SOURCE: Record<TSendMessageView['source'], string> = {
  API: 'API',
  NOTIFICATION: 'Notification',
  TEST: 'Test',
};

/** Every message, newest first: status, attempts, Gmail's reply, the Message-ID, and what to do about a failure. */
export function SendLogSection() {
  const log = useSendLog();
  if (log.isPending) return <Spinner label="Loading the send log" />;
  if (log.isError) return <QueryError title="The send log could not be loaded" error={log.error} />;
  return (
    <Card title="Send log" description="The last 100 messages. Gmail's reply is shown as it answered.">
      {log.data.messages.length === 0 ? (
        <p className="text-muted">Nothing sent yet.</p>
      ) : (
        <div className="table-wrap">
          <table className="table table--stack">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">From</th>
                <th scope="col">Subject</th>
                <th scope="col">Status</th>
                <th scope="col">Gmail's reply</th>
              </tr>
            </thead>
            <tbody>
              {log.data.messages.map((message) => {
                const when = formatDateAndTime(message.createdAt);
                const status = STATUS[message.status];
                return (
                  <tr key={message.id}>
                    <td data-label="When">
                      {when.date} {when.time}
                      <div className="text-muted">
                        {SOURCE[message.source]}
                        {message.tokenName ? ` · ${message.tokenName}` : ''}
                      </div>
                    </td>
                    <td data-label="From">{message.sender}</td>
                    <td data-label="Subject">
                      {message.subject}
                      <div className="text-muted">
                        <code>{message.messageId}</code> · {message.recipientCount} recipient(s)
                      </div>
                    </td>
                    <td data-label="Status">
                      <Badge tone={status.tone}>{status.text}</Badge>
                      <div className="text-muted">
                        {message.attempts} attempt{message.attempts === 1 ? '' : 's'}
                        {message.isUncertainRetry
                          ? ' · retried after an uncertain outcome (may arrive twice)'
                          : ''}
                      </div>
                    </td>
                    <td data-label="Gmail's reply">
                      {message.lastReply ? <code>{message.lastReply}</code> : null}
                      {message.problem ? (
                        <div>
                          <strong>{message.problem.message}</strong>
                          <div className="text-muted">{message.problem.remedy}</div>
                        </div>
                      ) : null}
                      {message.refusedRecipients.map((refusal) => (
                        <div key={refusal.address} className="text-muted">
                          Refused {refusal.address}: {refusal.reply}
                        </div>
                      ))}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
