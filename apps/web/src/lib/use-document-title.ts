import { useEffect } from 'react';
import { PRODUCT_NAME } from '../app/nav-areas';

export function useDocumentTitle(title: string | undefined) {
  useEffect(() => {
    document.title = title ? `${title} · ${PRODUCT_NAME}` : PRODUCT_NAME;
  }, [title]);
}
