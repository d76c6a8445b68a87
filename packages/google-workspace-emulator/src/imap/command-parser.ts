// IMAP command syntax (RFC 3501 section 9), only as far as a client such as imapflow writes it:
// atoms (with [section]<partial> suffixes), quoted strings, literals and parenthesised lists.

export type TToken =
  | { type: 'atom'; value: string }
  | { type: 'string'; value: string }
  | { type: 'literal'; value: Buffer }
  | { type: 'list'; items: TToken[] };

export type TCommand = {
  tag: string;
  /** Upper case; `UID FETCH`, `UID SEARCH`... keep both words. */
  name: string;
  args: TToken[];
};

/** Gmail answers unparsable input with `BAD Could not parse command`. */
export class CommandSyntaxError extends Error {
  constructor(readonly tag: string) {
    super('Could not parse command');
  }
}

/** A command as read: text segments with the literals that followed them. */
export type TCommandParts = (string | Buffer)[];

export function parseCommand(parts: TCommandParts): TCommand {
  const tokens = tokenize(parts);
  const tagToken = tokens[0];
  const tag = tagToken?.type === 'atom' ? tagToken.value : '*';
  const nameToken = tokens[1];
  if (tagToken?.type !== 'atom' || nameToken?.type !== 'atom') throw new CommandSyntaxError(tag);
  let name = nameToken.value.toUpperCase();
  let args = tokens.slice(2);
  if (name === 'UID') {
    const sub = args[0];
    if (sub?.type !== 'atom') throw new CommandSyntaxError(tag);
    name = `UID ${sub.value.toUpperCase()}`;
    args = args.slice(1);
  }
  return { tag, name, args };
}

function tokenize(parts: TCommandParts): TToken[] {
  const root: TToken[] = [];
  const stack: TToken[][] = [root];
  const current = () => stack[stack.length - 1]!;
  for (const part of parts) {
    if (Buffer.isBuffer(part)) {
      current().push({ type: 'literal', value: part });
      continue;
    }
    let index = 0;
    while (index < part.length) {
      const char = part[index]!;
      if (char === ' ') {
        index += 1;
      } else if (char === '(') {
        const list: TToken = { type: 'list', items: [] };
        current().push(list);
        stack.push(list.items);
        index += 1;
      } else if (char === ')') {
        if (stack.length === 1) throw new CommandSyntaxError(tagOf(root));
        stack.pop();
        index += 1;
      } else if (char === '"') {
        const { value, end } = readQuoted(part, index, root);
        current().push({ type: 'string', value });
        index = end;
      } else {
        const end = atomEnd(part, index, root);
        current().push({ type: 'atom', value: part.slice(index, end) });
        index = end;
      }
    }
  }
  if (stack.length !== 1) throw new CommandSyntaxError(tagOf(root));
  return root;
}

function readQuoted(text: string, start: number, root: TToken[]): { value: string; end: number } {
  let value = '';
  for (let index = start + 1; index < text.length; index++) {
    const char = text[index]!;
    if (char === '\\') {
      index += 1;
      value += text[index] ?? '';
    } else if (char === '"') {
      return { value, end: index + 1 };
    } else {
      value += char;
    }
  }
  throw new CommandSyntaxError(tagOf(root));
}

// An atom ends at a space or parenthesis, except inside [...]: `BODY.PEEK[HEADER.FIELDS (A B)]<0.10>`.
function atomEnd(text: string, start: number, root: TToken[]): number {
  let depth = 0;
  for (let index = start; index < text.length; index++) {
    const char = text[index]!;
    if (char === '[') depth += 1;
    else if (char === ']') depth -= 1;
    else if (depth === 0 && (char === ' ' || char === '(' || char === ')')) return index;
  }
  if (depth !== 0) throw new CommandSyntaxError(tagOf(root));
  return text.length;
}

function tagOf(root: TToken[]): string {
  const first = root[0];
  return first?.type === 'atom' ? first.value : '*';
}

/** An astring argument (atom, quoted string or literal) as text. */
export function tokenText(token: TToken | undefined): string | undefined {
  if (!token || token.type === 'list') return undefined;
  return token.type === 'literal' ? token.value.toString('utf8') : token.value;
}
