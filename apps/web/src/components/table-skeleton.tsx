const ROWS = Array.from({ length: 8 }, (_, index) => `row-${index}`);

/** Occupies the table's eventual height so the page does not jump when data arrives. */
export function TableSkeleton({ columns, label }: { columns: number; label: string }) {
  return (
    <div className="table-wrap" role="status" aria-label={label}>
      <table className="table" aria-hidden="true">
        <tbody>
          {ROWS.map((row) => (
            <tr key={row}>
              {Array.from({ length: columns }, (_, index) => `${row}-${index}`).map((cell) => (
                <td key={cell}>
                  <span className="skeleton" />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
