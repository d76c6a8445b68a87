import type { ReactNode } from 'react';

type TCardProps = {
  title?: string;
  description?: ReactNode;
  children: ReactNode;
  flush?: boolean;
};

export function Card({ title, description, children, flush = false }: TCardProps) {
  return (
    <section className="card" aria-label={title}>
      {title ? (
        <header className="card__header">
          <h2>{title}</h2>
          {description ? <p className="card__description">{description}</p> : null}
        </header>
      ) : null}
      <div className={flush ? 'card__body card__body--flush' : 'card__body'}>{children}</div>
    </section>
  );
}
