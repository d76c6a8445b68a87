export function ProductMark({ size = 28 }: { size?: number }) {
  return (
    <svg className="product-mark" width={size} height={size} viewBox="0 0 28 28" aria-hidden="true">
      <rect width="28" height="28" rx="7" fill="#2f6bf0" />
      <path d="M7 9.5h14v3H7zM8.5 12.5h11v7a1 1 0 0 1-1 1h-9a1 1 0 0 1-1-1z" fill="#ffffff" opacity="0.95" />
      <path d="M11.5 15.5h5" stroke="#2f6bf0" strokeWidth="1.6" strokeLinecap="round" />
    </svg>
  );
}
