import type pg from 'pg';
import type { TSchemaShape, TTableShape } from './schema-shape';

const MIGRATIONS_TABLE = '_prisma_migrations';

const REFERENTIAL_ACTIONS: Record<string, string> = {
  a: 'NO ACTION',
  r: 'RESTRICT',
  c: 'CASCADE',
  n: 'SET NULL',
  d: 'SET DEFAULT',
};

/** Reads a live database's schema from pg_catalog into the shape the Prisma reader produces. */
export async function readDatabaseShape(client: pg.ClientBase, schema = 'public'): Promise<TSchemaShape> {
  const shape: TSchemaShape = { enums: {}, tables: {} };
  const table = (name: string): TTableShape => {
    shape.tables[name] ??= { columns: {}, primaryKey: null, indexes: {}, foreignKeys: {} };
    return shape.tables[name];
  };

  const enums = await client.query<{ name: string; labels: string[] }>(
    `SELECT t.typname::text AS name,
            ARRAY(SELECT e.enumlabel::text FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) AS labels
       FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE t.typtype = 'e' AND n.nspname = $1`,
    [schema],
  );
  for (const row of enums.rows) shape.enums[row.name] = row.labels;

  const columns = await client.query<{
    table_name: string;
    column_name: string;
    type: string;
    is_nullable: boolean;
    default_value: string | null;
  }>(
    `SELECT c.relname::text AS table_name, a.attname::text AS column_name,
            format_type(a.atttypid, a.atttypmod) AS type, NOT a.attnotnull AS is_nullable,
            pg_get_expr(d.adbin, d.adrelid) AS default_value
       FROM pg_attribute a
       JOIN pg_class c ON c.oid = a.attrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND c.relname <> $2
        AND a.attnum > 0 AND NOT a.attisdropped`,
    [schema, MIGRATIONS_TABLE],
  );
  for (const row of columns.rows) {
    table(row.table_name).columns[row.column_name] = {
      type: row.type,
      isNullable: row.is_nullable,
      default: row.default_value,
    };
  }

  const indexes = await client.query<{
    table_name: string;
    index_name: string;
    is_primary: boolean;
    is_unique: boolean;
    method: string;
    predicate: string | null;
    columns: string[];
  }>(
    `SELECT t.relname::text AS table_name, i.relname::text AS index_name,
            ix.indisprimary AS is_primary, ix.indisunique AS is_unique, am.amname::text AS method,
            pg_get_expr(ix.indpred, ix.indrelid) AS predicate,
            ARRAY(
              SELECT CASE WHEN k.attnum = 0 THEN pg_get_indexdef(ix.indexrelid, k.ord::int, true)
                          ELSE a.attname::text END
                     || CASE WHEN (ix.indoption[k.ord - 1] & 1) = 1 THEN ' DESC' ELSE '' END
                FROM unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
                LEFT JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum
               ORDER BY k.ord
            ) AS columns
       FROM pg_index ix
       JOIN pg_class i ON i.oid = ix.indexrelid
       JOIN pg_class t ON t.oid = ix.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
       JOIN pg_am am ON am.oid = i.relam
      WHERE n.nspname = $1 AND t.relname <> $2`,
    [schema, MIGRATIONS_TABLE],
  );
  for (const row of indexes.rows) {
    if (row.is_primary) {
      table(row.table_name).primaryKey = { name: row.index_name, columns: row.columns };
      continue;
    }
    table(row.table_name).indexes[row.index_name] = {
      columns: row.columns,
      isUnique: row.is_unique,
      method: row.method,
      predicate: row.predicate,
    };
  }

  const foreignKeys = await client.query<{
    name: string;
    table_name: string;
    referenced_table: string;
    on_delete: string;
    on_update: string;
    columns: string[];
    referenced_columns: string[];
  }>(
    `SELECT c.conname::text AS name, t.relname::text AS table_name, rt.relname::text AS referenced_table,
            c.confdeltype::text AS on_delete, c.confupdtype::text AS on_update,
            ARRAY(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum ORDER BY k.ord) AS columns,
            ARRAY(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY AS k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum ORDER BY k.ord)
              AS referenced_columns
       FROM pg_constraint c
       JOIN pg_class t ON t.oid = c.conrelid
       JOIN pg_class rt ON rt.oid = c.confrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE c.contype = 'f' AND n.nspname = $1`,
    [schema],
  );
  for (const row of foreignKeys.rows) {
    table(row.table_name).foreignKeys[row.name] = {
      columns: row.columns,
      referencedTable: row.referenced_table,
      referencedColumns: row.referenced_columns,
      onDelete: REFERENTIAL_ACTIONS[row.on_delete] ?? row.on_delete,
      onUpdate: REFERENTIAL_ACTIONS[row.on_update] ?? row.on_update,
    };
  }
  return shape;
}
