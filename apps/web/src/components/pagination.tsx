import { summarizePage } from '../lib/pagination';
import { Button } from './button';

type TPaginationProps = {
  page: number;
  pageSize: number;
  total: number;
  noun: { one: string; other: string };
  onPageChange: (page: number) => void;
  isBusy?: boolean;
};

const numberFormat = new Intl.NumberFormat('en-US');

export function Pagination({ page, pageSize, total, noun, onPageChange, isBusy = false }: TPaginationProps) {
  const summary = summarizePage({ page, pageSize, total });
  return (
    <nav className="pagination" aria-label="Pagination">
      <p className="pagination__summary" aria-live="polite">
        {summary.pageCount === 1
          ? `${numberFormat.format(total)} ${total === 1 ? noun.one : noun.other}`
          : `${numberFormat.format(summary.firstItem)}–${numberFormat.format(summary.lastItem)} of ${numberFormat.format(total)} ${noun.other}`}
      </p>
      <div className="pagination__controls">
        <Button
          variant="secondary"
          size="sm"
          onClick={() => onPageChange(summary.page - 1)}
          disabled={!summary.hasPrevious || isBusy}
        >
          Previous
        </Button>
        <span className="pagination__page">
          Page {numberFormat.format(summary.page)} of {numberFormat.format(summary.pageCount)}
        </span>
        <Button
          variant="secondary"
          size="sm"
          onClick={() => onPageChange(summary.page + 1)}
          disabled={!summary.hasNext || isBusy}
        >
          Next
        </Button>
      </div>
    </nav>
  );
}
