import type { ReactNode } from 'react';

export function FullPageMessage({ title, children }: { title?: string; children: ReactNode }) {
  return (
    <div className="full-page">
      <div className="full-page__panel">
        {title ? <h1 className="full-page__title">{title}</h1> : null}
        {children}
      </div>
    </div>
  );
}
