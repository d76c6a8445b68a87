import { ARCHIVE_TEXT_SEARCH_CONFIG } from '../ingest/archive-ingest.sql';
import { normalizeLabel } from './search-query.parser';
import type { TSearchField, TSearchNode, TSearchState } from './search-query.types';

/** Which archives a search covers: some archive folders, or every archive (admins, auditors). */
export type TSearchScope = { kind: 'folders'; ids: string[] } | { kind: 'all' };

export type TCompiledSearch = {
  /** A boolean SQL expression over `m` (archived_messages), scope included. */
  where: string;
  params: unknown[];
  /**
   * True when every match is found through the GIN index (a text term or the folder list ANDed at
   * the top): the executor then runs bitmap plans only and walks dates in windows.
   */
  isIndexed: boolean;
  /** The positive free-text terms, for highlighting snippets. */
  headlineTerms: { value: string; isPhrase: boolean }[];
};

const CONFIG = `'${ARCHIVE_TEXT_SEARCH_CONFIG}'`;

const FIELD_COLUMNS: Record<TSearchField, string> = {
  from: 'from_vector',
  to: 'to_vector',
  cc: 'cc_vector',
  subject: 'subject_vector',
  filename: 'filename_vector',
};

// Names a mail client or Gmail uses for the system folders `in:` names, normalised (normalizeLabel).
const SYSTEM_LABEL_ALIASES: Record<string, string[]> = {
  inbox: ['inbox'],
  sent: ['sent', 'sent-mail', '[gmail]-sent-mail', 'sent-items', 'sent-messages'],
  drafts: ['drafts', 'draft', '[gmail]-drafts'],
  draft: ['drafts', 'draft', '[gmail]-drafts'],
  trash: ['trash', '[gmail]-trash', 'deleted-items', 'deleted-messages', '[gmail]-bin', 'bin'],
  spam: ['spam', '[gmail]-spam', 'junk', 'junk-e-mail', 'junk-email'],
  starred: ['starred', '[gmail]-starred'],
  important: ['important', '[gmail]-important'],
  chats: ['chats', '[gmail]-chats', 'chat'],
};

// SQL twin of normalizeLabel: both sides of a label comparison must normalise alike.
const normalizedSql = (expression: string) =>
  `lower(regexp_replace(regexp_replace(${expression}, '^\\\\', ''), '[\\s/]+', '-', 'g'))`;

/** A tsquery from what the user typed, tokenised by Postgres as the vectors were. */
export function tsquerySql(valueParam: string, isPhrase: boolean): string {
  return `${isPhrase ? 'phraseto_tsquery' : 'plainto_tsquery'}(${CONFIG}, ${valueParam})`;
}

/** Postgres timestamp(3) text of an instant: archived dates are stored as UTC without a zone. */
export function toUtcTimestamp(date: Date): string {
  return date.toISOString().slice(0, 23);
}

/**
 * Compiles a parsed query into SQL over `archived_messages m`. Values always travel as parameters;
 * words become tsqueries through Postgres's own parser (plainto/phraseto_tsquery, the 'simple'
 * configuration the vectors were built with), so query and index tokenise alike.
 */
export function compileSearch(node: TSearchNode | null, scope: TSearchScope): TCompiledSearch {
  const params: unknown[] = [];
  const param = (value: unknown, cast = ''): string => {
    params.push(value);
    return `$${params.length}${cast}`;
  };
  const headlineTerms: { value: string; isPhrase: boolean }[] = [];

  const folderIds = scope.kind === 'folders' ? param(scope.ids, '::uuid[]') : null;
  const copyScope = folderIds ? `c."archive_folder_id" = ANY(${folderIds})` : 'true';
  const copyExists = (condition: string) =>
    `EXISTS (SELECT 1 FROM "archived_message_copies" c WHERE c."message_address" = m."address" AND ${copyScope} AND ${condition})`;

  const tsquery = (value: string, isPhrase: boolean) => tsquerySql(param(value), isPhrase);

  function label(name: string): string {
    const names = param(SYSTEM_LABEL_ALIASES[name] ?? [normalizeLabel(name)], '::text[]');
    return copyExists(
      `(${normalizedSql('c."folder"')} = ANY(${names}) OR EXISTS (SELECT 1 FROM unnest(c."gmail_labels") AS l(name) WHERE ${normalizedSql('l.name')} = ANY(${names})))`,
    );
  }

  function state(value: TSearchState): string {
    switch (value) {
      case 'unread':
        return copyExists(`NOT ('\\Seen' = ANY(c."flags"))`);
      case 'read':
        return copyExists(`'\\Seen' = ANY(c."flags")`);
      case 'starred':
        return copyExists(`('\\Flagged' = ANY(c."flags") OR '\\Starred' = ANY(c."gmail_labels"))`);
      case 'important':
        return copyExists(`'\\Important' = ANY(c."gmail_labels")`);
    }
  }

  function compile(item: TSearchNode, isPositive: boolean): string {
    switch (item.kind) {
      case 'and':
        return `(${item.children.map((child) => compile(child, isPositive)).join(' AND ')})`;
      case 'or':
        return `(${item.children.map((child) => compile(child, isPositive)).join(' OR ')})`;
      case 'not':
        // IS NOT TRUE, so a NULL (no date, no vector) counts as "does not match" and is kept.
        return `((${compile(item.child, !isPositive)}) IS NOT TRUE)`;
      case 'text': {
        const query = tsquery(item.value, item.isPhrase);
        if (item.field === null && isPositive)
          headlineTerms.push({ value: item.value, isPhrase: item.isPhrase });
        const column = item.field ? FIELD_COLUMNS[item.field] : 'search_vector';
        return `m."${column}" @@ ${query}`;
      }
      case 'label':
        return label(item.name);
      case 'hasAttachment':
        return 'm."has_attachments"';
      case 'state':
        return state(item.state);
      case 'size':
        return `m."size" ${item.comparison === 'larger' ? '>' : '<'} ${param(item.bytes, '::integer')}`;
      case 'date':
        return `m."date" ${item.comparison === 'after' ? '>=' : '<'} ${param(toUtcTimestamp(item.at), '::timestamp')}`;
    }
  }

  const parts: string[] = [];
  // archive_folder_ids lists exactly the archives holding a copy (triggers keep it), so scope needs
  // no join; a message whose copies are all gone (its archives deleted) is in no archive.
  parts.push(folderIds ? `m."archive_folder_ids" && ${folderIds}` : `m."archive_folder_ids" <> '{}'`);
  if (node) parts.push(compile(node, true));
  return {
    where: parts.join(' AND '),
    params,
    isIndexed: folderIds !== null || (node !== null && isIndexable(node)),
    headlineTerms,
  };
}

/** True when the GIN index alone can enumerate a superset of the node's matches. */
function isIndexable(node: TSearchNode): boolean {
  if (node.kind === 'text') return true;
  if (node.kind === 'and') return node.children.some(isIndexable);
  if (node.kind === 'or') return node.children.every(isIndexable);
  return false;
}
