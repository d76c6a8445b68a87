import type { ReactNode } from 'react';

export type TDetailItem = { label: string; value: ReactNode };

export function DetailList({ items }: { items: TDetailItem[] }) {
  return (
    <dl className="detail-list">
      {items.map((item) => (
        <div className="detail-list__row" key={item.label}>
          <dt>{item.label}</dt>
          <dd>{item.value}</dd>
        </div>
      ))}
    </dl>
  );
}
