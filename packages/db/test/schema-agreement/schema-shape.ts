/**
 * The parts of a Postgres schema that prisma/schema.prisma determines, in one normalised form
 * that both the Prisma schema and a live database are read into, so they can be compared.
 * Types, defaults and expressions are spelled the way Postgres prints them (format_type,
 * pg_get_expr).
 */
export type TColumnShape = {
  type: string;
  isNullable: boolean;
  default: string | null;
};

export type TPrimaryKeyShape = {
  name: string;
  columns: string[];
};

export type TIndexShape = {
  /** Column names in key order, with " DESC" for descending keys. */
  columns: string[];
  isUnique: boolean;
  method: string;
  /** WHERE clause of a partial index; Prisma schemas cannot declare one. */
  predicate: string | null;
};

export type TForeignKeyShape = {
  columns: string[];
  referencedTable: string;
  referencedColumns: string[];
  onDelete: string;
  onUpdate: string;
};

export type TTableShape = {
  columns: Record<string, TColumnShape>;
  primaryKey: TPrimaryKeyShape | null;
  indexes: Record<string, TIndexShape>;
  foreignKeys: Record<string, TForeignKeyShape>;
};

export type TSchemaShape = {
  enums: Record<string, string[]>;
  tables: Record<string, TTableShape>;
};

type TValue = string | number | boolean | null | TValue[] | { [key: string]: TValue };

/**
 * Every difference between the shape the Prisma schema implies and the database's, one
 * readable line each (e.g. `tables.users.columns.emails.default: schema "ARRAY[]::text[]",
 * database null`); empty when they agree.
 */
export function diffSchemaShapes(fromSchema: TSchemaShape, fromDatabase: TSchemaShape): string[] {
  const differences: string[] = [];
  diffValues(fromSchema as unknown as TValue, fromDatabase as unknown as TValue, [], differences);
  return differences;
}

function diffValues(schema: TValue, database: TValue, path: string[], out: string[]): void {
  if (isRecord(schema) && isRecord(database)) {
    const keys = [...new Set([...Object.keys(schema), ...Object.keys(database)])].sort();
    for (const key of keys) {
      const here = [...path, key];
      if (!(key in database))
        out.push(`${here.join('.')}: in prisma/schema.prisma only, not in the database`);
      else if (!(key in schema))
        out.push(`${here.join('.')}: in the database only, not in prisma/schema.prisma`);
      else diffValues(schema[key] as TValue, database[key] as TValue, here, out);
    }
    return;
  }
  const schemaText = JSON.stringify(schema);
  const databaseText = JSON.stringify(database);
  if (schemaText !== databaseText) {
    out.push(`${path.join('.')}: schema ${schemaText}, database ${databaseText}`);
  }
}

function isRecord(value: TValue): value is { [key: string]: TValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
