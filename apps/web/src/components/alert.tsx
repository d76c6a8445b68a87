import type { ReactNode } from 'react';

type TAlertProps = {
  tone?: 'danger' | 'warning' | 'info';
  title?: string;
  children: ReactNode;
  action?: ReactNode;
};

export function Alert({ tone = 'danger', title, children, action }: TAlertProps) {
  return (
    <div className={`alert alert--${tone}`} role={tone === 'danger' ? 'alert' : 'status'}>
      <div className="alert__text">
        {title ? <strong className="alert__title">{title}</strong> : null}
        <div>{children}</div>
      </div>
      {action ? <div className="alert__action">{action}</div> : null}
    </div>
  );
}
