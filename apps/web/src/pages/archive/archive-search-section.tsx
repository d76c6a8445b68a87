import { ArchiveSearchView } from '../archive-search/archive-search-view';

/** Search archives: every archive (or one), the viewer, export and restore to Gmail. */
export function ArchiveSearchSection() {
  return <ArchiveSearchView area="all" />;
}
