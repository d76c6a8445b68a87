/** A type name as format_type() prints it: quoted unless it is a plain lower-case identifier. */
export function typeName(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replaceAll('"', '""')}"`;
}
