import type { ReactNode } from 'react';
import { useDocumentTitle } from '../lib/use-document-title';
import { Card } from './card';
import { PageHeader } from './page-header';

type TAreaPlaceholderProps = {
  title: string;
  description: string;
  plannedItems: ReactNode[];
};

/** Shared frame for console areas whose settings arrive with later releases. */
export function AreaPlaceholder({ title, description, plannedItems }: TAreaPlaceholderProps) {
  useDocumentTitle(title);
  return (
    <>
      <PageHeader title={title} description={description} />
      <Card
        title="Not configured yet"
        description="This area becomes available in a coming release. It will offer:"
      >
        <ul className="bullet-list">
          {plannedItems.map((item, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the list is static text
            <li key={index}>{item}</li>
          ))}
        </ul>
      </Card>
    </>
  );
}
