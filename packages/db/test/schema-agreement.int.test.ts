import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDatabaseShape } from './schema-agreement/database-schema.reader';
import { readPrismaSchemaShape, readSchemaPrismaFile } from './schema-agreement/prisma-schema.reader';
import { diffSchemaShapes, type TSchemaShape } from './schema-agreement/schema-shape';
import { createTestDatabase, type TTestDatabase } from './testing';

// The guard against a schema edit without a migration: the database built by running every
// migration must be exactly what prisma/schema.prisma describes.
describe('prisma/schema.prisma and the migrated database', () => {
  let db: TTestDatabase;
  let schemaText: string;
  let databaseShape: TSchemaShape;

  beforeAll(async () => {
    db = await createTestDatabase();
    schemaText = await readSchemaPrismaFile();
    const client = new pg.Client({ connectionString: db.databaseUrl });
    await client.connect();
    try {
      databaseShape = await readDatabaseShape(client);
    } finally {
      await client.end();
    }
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('agree on tables, columns, types, nullability, defaults, indexes, foreign keys and enums', () => {
    const differences = diffSchemaShapes(readPrismaSchemaShape(schemaText), databaseShape);
    expect(
      differences,
      `Schema and migrations disagree; add a migration:\n${differences.join('\n')}`,
    ).toEqual([]);
  });

  it('reads every model as a table of the database', () => {
    expect(Object.keys(databaseShape.tables).sort()).toEqual(
      Object.keys(readPrismaSchemaShape(schemaText).tables).sort(),
    );
    expect(Object.keys(databaseShape.tables)).toContain('users');
  });

  it('disagree once a field is added to the schema without a migration', () => {
    const edited = schemaText.replace(/(model User \{\n)/, '$1  nickname String? @map("nickname")\n');
    expect(edited).not.toBe(schemaText);
    expect(diffSchemaShapes(readPrismaSchemaShape(edited), databaseShape)).toEqual([
      'tables.users.columns.nickname: in prisma/schema.prisma only, not in the database',
    ]);
  });

  it('disagree once an on-delete action changes in the schema only', () => {
    const edited = schemaText.replace(
      'references: [id], onDelete: SetNull)',
      'references: [id], onDelete: Cascade)',
    );
    expect(edited).not.toBe(schemaText);
    expect(diffSchemaShapes(readPrismaSchemaShape(edited), databaseShape)).toEqual([
      'tables.archive_folders.foreignKeys.archive_folders_owner_user_id_fkey.onDelete: schema "CASCADE", database "SET NULL"',
    ]);
  });
});
