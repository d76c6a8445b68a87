import { Outlet } from 'react-router';
import { PageHeader } from '../components/page-header';
import { useDocumentTitle } from '../lib/use-document-title';
import { MailTabs, useCurrentMailTab } from './mail/mail-tabs';
import './directory/directory-sync.css';

/** Mail: sending as users of the domain (API tokens, allowed senders, notifications, the send log). */
export function MailPage() {
  const tab = useCurrentMailTab();
  useDocumentTitle(tab ? `${tab.label} · Mail` : 'Mail');
  return (
    <>
      <div className="dir-page">
        <PageHeader
          title="Mail"
          description="Applications send as users of your domain through Gmail, with the service account's delegated token: no passwords, and the mail lands in each sender's Sent folder."
        />
        <MailTabs />
      </div>
      <Outlet />
    </>
  );
}
