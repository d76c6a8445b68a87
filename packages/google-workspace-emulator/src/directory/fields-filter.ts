import { apiErrors } from './google-api-error';

/** A parsed `fields` selection: `true` keeps the whole value, a nested selection picks inside it. */
export type TFieldSelection = Map<string, TFieldSelection | true>;

/**
 * Parses Google's partial-response syntax: `nextPageToken,users(id,primaryEmail,name/givenName)`.
 * The connector asks for only the fields it needs, so the emulator honours the selection.
 */
export function parseFields(fields: string): TFieldSelection {
  let position = 0;

  const parseList = (): TFieldSelection => {
    const selection: TFieldSelection = new Map();
    for (;;) {
      parseEntry(selection);
      if (fields[position] !== ',') return selection;
      position += 1;
    }
  };

  const parseEntry = (selection: TFieldSelection): void => {
    const path: string[] = [];
    for (;;) {
      const match = /^\s*([A-Za-z_*][A-Za-z0-9_]*)\s*/.exec(fields.slice(position));
      if (!match) throw apiErrors.invalidFields(fields);
      path.push(match[1]!);
      position += match[0].length;
      if (fields[position] !== '/') break;
      position += 1;
    }
    let leaf: TFieldSelection | true = true;
    if (fields[position] === '(') {
      position += 1;
      leaf = parseList();
      if (fields[position] !== ')') throw apiErrors.invalidFields(fields);
      position += 1;
    }
    insert(selection, path, leaf);
  };

  const selection = parseList();
  if (position !== fields.length) throw apiErrors.invalidFields(fields);
  return selection;
}

function insert(selection: TFieldSelection, path: readonly string[], leaf: TFieldSelection | true): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  const existing = selection.get(head);
  if (rest.length === 0) {
    selection.set(head, existing instanceof Map && leaf instanceof Map ? merge(existing, leaf) : leaf);
    return;
  }
  if (existing === true) return;
  const child = existing ?? new Map();
  selection.set(head, child);
  insert(child, rest, leaf);
}

function merge(a: TFieldSelection, b: TFieldSelection): TFieldSelection {
  const merged: TFieldSelection = new Map(a);
  for (const [key, value] of b) insert(merged, [key], value);
  return merged;
}

/** Applies a selection to a response; arrays are filtered element by element, `*` keeps every key. */
export function selectFields(value: unknown, selection: TFieldSelection): unknown {
  if (Array.isArray(value)) return value.map((element) => selectFields(element, selection));
  if (typeof value !== 'object' || value === null) return value;
  const source = value as Record<string, unknown>;
  const wildcard = selection.get('*');
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(source)) {
    const rule = selection.get(key) ?? wildcard;
    if (rule === undefined) continue;
    result[key] = rule === true ? source[key] : selectFields(source[key], rule);
  }
  return result;
}
