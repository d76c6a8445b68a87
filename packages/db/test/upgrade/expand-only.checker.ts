import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** The last migration of the previous release: instances of that release may still be serving. */
export const PREVIOUS_RELEASE_LAST_MIGRATION = '20261122030000_oidc';

export type TMigrationSql = { name: string; sql: string };

export type TContractViolation = { migration: string; statement: string; reason: string };

/** Migration folders in order, split at the previous release's last one. */
export async function readReleaseMigrations(
  migrationsDir: string,
): Promise<{ previous: TMigrationSql[]; current: TMigrationSql[] }> {
  const names = (await readdir(migrationsDir, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const all = await Promise.all(
    names.map(async (name) => ({
      name,
      sql: await readFile(path.join(migrationsDir, name, 'migration.sql'), 'utf8'),
    })),
  );
  const cut = names.indexOf(PREVIOUS_RELEASE_LAST_MIGRATION);
  if (cut < 0) throw new Error(`${PREVIOUS_RELEASE_LAST_MIGRATION} is not in ${migrationsDir}`);
  return { previous: all.slice(0, cut + 1), current: all.slice(cut + 1) };
}

/** Statements without comments, split on semicolons outside quotes and dollar-quoted bodies. */
export function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let current = '';
  let quote: string | null = null;
  for (let i = 0; i < sql.length; i++) {
    const char = sql[i] as string;
    if (quote === null && char === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? sql.length : end;
      current += '\n';
      continue;
    }
    if (quote === null && char === '$') {
      const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(i))?.[0];
      if (tag) {
        quote = tag;
        current += tag;
        i += tag.length - 1;
        continue;
      }
    } else if (quote?.startsWith('$') && sql.startsWith(quote, i)) {
      current += quote;
      i += quote.length - 1;
      quote = null;
      continue;
    }
    if ((char === "'" || char === '"') && (quote === null || quote === char))
      quote = quote === null ? char : null;
    if (char === ';' && quote === null) {
      if (current.trim()) statements.push(current.trim());
      current = '';
      continue;
    }
    current += char;
  }
  if (current.trim()) statements.push(current.trim());
  return statements.map((statement) => statement.replace(/\s+/g, ' '));
}

/** Tables created by the given migrations (the ones an older instance reads and writes). */
export function tablesCreatedBy(migrations: TMigrationSql[]): Set<string> {
  const tables = new Set<string>();
  for (const { sql } of migrations) {
    for (const match of sql.matchAll(/CREATE TABLE (?:IF NOT EXISTS )?"?(\w+)"?/gi))
      tables.add(match[1] as string);
  }
  return tables;
}

/** Enum types created by the given migrations. */
export function typesCreatedBy(migrations: TMigrationSql[]): Set<string> {
  const types = new Set<string>();
  for (const { sql } of migrations) {
    for (const match of sql.matchAll(/CREATE TYPE "?(\w+)"?/gi)) types.add(match[1] as string);
  }
  return types;
}

/**
 * Expand, then contract a release later: a migration may add tables, nullable or defaulted columns,
 * indexes and enum values, and backfill data; it may not take away or reshape anything the previous
 * release's code reads or writes (its tables, columns and types), nor add a column it would have to fill.
 */
export function findContractViolations(
  migration: TMigrationSql,
  oldTables: Set<string>,
  oldTypes: Set<string>,
): TContractViolation[] {
  const violations: TContractViolation[] = [];
  const flag = (statement: string, reason: string) =>
    violations.push({ migration: migration.name, statement, reason });
  const isOld = (name: string | undefined) => name !== undefined && oldTables.has(name);
  for (const statement of splitStatements(migration.sql)) {
    const upper = statement.toUpperCase();
    const dropTable = /^DROP TABLE (?:IF EXISTS )?"?(\w+)"?/i.exec(statement);
    if (dropTable && isOld(dropTable[1])) flag(statement, `drops table ${dropTable[1]}`);
    const truncate = /^TRUNCATE (?:TABLE )?"?(\w+)"?/i.exec(statement);
    if (truncate && isOld(truncate[1])) flag(statement, `empties table ${truncate[1]}`);
    const deleteFrom = /^DELETE FROM "?(\w+)"?/i.exec(statement);
    if (deleteFrom && isOld(deleteFrom[1])) flag(statement, `deletes rows of ${deleteFrom[1]}`);
    const dropType = /^DROP TYPE (?:IF EXISTS )?"?(\w+)"?/i.exec(statement);
    if (dropType && oldTypes.has(dropType[1] as string)) flag(statement, `drops type ${dropType[1]}`);
    const alterType = /^ALTER TYPE "?(\w+)"? (.*)$/i.exec(statement);
    if (alterType && oldTypes.has(alterType[1] as string) && !/^ADD VALUE/i.test(alterType[2] as string)) {
      flag(statement, `changes type ${alterType[1]} other than by adding a value`);
    }
    const alterTable = /^ALTER TABLE (?:ONLY )?"?(\w+)"? (.*)$/i.exec(statement);
    if (alterTable && isOld(alterTable[1])) {
      const table = alterTable[1] as string;
      // Clauses of one ALTER TABLE are comma-separated; commas inside parentheses belong to a clause.
      for (const clause of splitClauses(alterTable[2] as string)) {
        if (/^DROP (COLUMN )?(?!CONSTRAINT|DEFAULT)/i.test(clause))
          flag(statement, `drops a column of ${table}`);
        else if (/^RENAME/i.test(clause)) flag(statement, `renames in ${table}`);
        else if (/^ALTER (COLUMN )?"?\w+"? (SET DATA )?TYPE/i.test(clause))
          flag(statement, `changes a column type of ${table}`);
        else if (/^ALTER (COLUMN )?"?\w+"? SET NOT NULL/i.test(clause))
          flag(statement, `makes a column of ${table} required`);
        else if (/^ADD (COLUMN )?/i.test(clause) && /NOT NULL/i.test(clause) && !/DEFAULT/i.test(clause)) {
          flag(statement, `adds a required column without default to ${table}: older inserts would fail`);
        } else if (/^ADD CONSTRAINT .* (CHECK|UNIQUE)/i.test(clause)) {
          flag(statement, `adds a constraint to ${table} that older writes may break`);
        }
      }
    }
    const renameIndex = /^ALTER INDEX .* RENAME/i.test(upper);
    if (renameIndex) flag(statement, 'renames an index (Prisma names them; older code may rely on them)');
  }
  return violations;
}

function splitClauses(text: string): string[] {
  const clauses: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (char === ',' && depth === 0) {
      clauses.push(current.trim());
      current = '';
      continue;
    }
    current += char;
  }
  if (current.trim()) clauses.push(current.trim());
  return clauses;
}
