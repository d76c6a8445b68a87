import { beforeAll, describe, expect, it } from 'vitest';
import { readPrismaSchemaShape, readSchemaPrismaFile } from './schema-agreement/prisma-schema.reader';
import { diffSchemaShapes, type TSchemaShape } from './schema-agreement/schema-shape';

// The integration test proves the real schema and the migrated database agree. These tests
// prove the comparison is strict: each edit below, made to the schema alone, must show up as
// exactly the difference a migration would have to fix. The unedited schema stands in for the
// database here, since the two are proven identical.
describe('schema agreement catches schema edits that lack a migration', () => {
  let schemaText: string;
  let migrated: TSchemaShape;

  beforeAll(async () => {
    schemaText = await readSchemaPrismaFile();
    migrated = readPrismaSchemaShape(schemaText);
  });

  function edit(find: string | RegExp, replacement: string): string {
    const edited = schemaText.replace(find, replacement);
    if (edited === schemaText) throw new Error(`The edit found nothing to change: ${String(find)}`);
    return edited;
  }

  it('finds no difference without an edit', () => {
    expect(diffSchemaShapes(readPrismaSchemaShape(schemaText), migrated)).toEqual([]);
  });

  it.each([
    [
      'a dropped column',
      /\n\s+orgUnitPath\s+String\?\s+@map\("org_unit_path"\)/,
      '',
      'tables.users.columns.org_unit_path: in the database only, not in prisma/schema.prisma',
    ],
    [
      'a column made optional',
      /fullName(\s+)String(\s+)@map/,
      'fullName$1String?$2@map',
      'tables.users.columns.full_name.isNullable: schema true, database false',
    ],
    [
      'a removed default',
      'isSuspended  Boolean    @default(false) @map("is_suspended")',
      'isSuspended  Boolean    @map("is_suspended")',
      'tables.users.columns.is_suspended.default: schema null, database "false"',
    ],
    [
      'a changed default',
      /failures(\s+)Int(\s+)@default\(0\)/,
      'failures$1Int$2@default(1)',
      'tables.sign_in_throttles.columns.failures.default: schema "1", database "0"',
    ],
    [
      'a changed type',
      /actorUserId String\?\s+@map\("actor_user_id"\) @db\.Uuid/,
      'actorUserId String? @map("actor_user_id")',
      'tables.audit_log.columns.actor_user_id.type: schema "text", database "uuid"',
    ],
    [
      'a removed index',
      '@@index([expiresAt])',
      '',
      'tables.sessions.indexes.sessions_expires_at_idx: in the database only, not in prisma/schema.prisma',
    ],
    [
      'an index with another method',
      '@@index([emails], type: Gin)',
      '@@index([emails])',
      'tables.users.indexes.users_emails_idx.method: schema "btree", database "gin"',
    ],
    [
      'a new unique constraint',
      /orgUnitPath(\s+)String\?(\s+)@map/,
      'orgUnitPath$1String?$2@unique @map',
      'tables.users.indexes.users_org_unit_path_key: in prisma/schema.prisma only, not in the database',
    ],
    [
      'a changed on-delete action',
      'references: [id], onDelete: SetNull)',
      'references: [id], onDelete: Restrict)',
      'tables.archive_folders.foreignKeys.archive_folders_owner_user_id_fkey.onDelete: schema "RESTRICT", database "SET NULL"',
    ],
    [
      'a new enum value',
      /(\n\s+DIRECTORY\n)/,
      '$1  SERVICE\n',
      'enums.auth_method: schema ["LOCAL","DIRECTORY","SERVICE"], database ["LOCAL","DIRECTORY"]',
    ],
  ])('reports %s', (_label, find, replacement, expected) => {
    const differences = diffSchemaShapes(readPrismaSchemaShape(edit(find, replacement)), migrated);
    expect(differences).toEqual([expected]);
  });

  it('reports a renamed table as one table missing and one unknown', () => {
    const differences = diffSchemaShapes(
      readPrismaSchemaShape(edit('@@map("settings")', '@@map("app_settings")')),
      migrated,
    );
    expect(differences).toEqual([
      'tables.app_settings: in prisma/schema.prisma only, not in the database',
      'tables.settings: in the database only, not in prisma/schema.prisma',
    ]);
  });
});

describe('readPrismaSchemaShape follows Prisma Migrate on Postgres', () => {
  const header = 'datasource db {\n  provider = "postgresql"\n}\n';

  it('derives default names, list nullability, sequences and referential defaults', () => {
    const shape = readPrismaSchemaShape(`${header}
enum Color {
  RED
  BLUE
}
model Parent {
  id     BigInt  @id @default(autoincrement())
  tags   Color[] @default([])
  color  Color   @default(BLUE)
  label  String  @default("it's")
  kids   Child[]
}
model Child {
  id       Int    @id
  parentId BigInt
  parent   Parent @relation(fields: [parentId], references: [id])
  @@unique([parentId, id])
}`);
    expect(shape.tables.Parent?.columns).toEqual({
      id: { type: 'bigint', isNullable: false, default: `nextval('"Parent_id_seq"'::regclass)` },
      tags: { type: '"Color"[]', isNullable: true, default: 'ARRAY[]::"Color"[]' },
      color: { type: '"Color"', isNullable: false, default: `'BLUE'::"Color"` },
      label: { type: 'text', isNullable: false, default: `'it''s'::text` },
    });
    expect(shape.tables.Child?.foreignKeys).toEqual({
      Child_parentId_fkey: {
        columns: ['parentId'],
        referencedTable: 'Parent',
        referencedColumns: ['id'],
        onDelete: 'RESTRICT',
        onUpdate: 'CASCADE',
      },
    });
    expect(shape.tables.Child?.indexes).toEqual({
      Child_parentId_id_key: {
        columns: ['parentId', 'id'],
        isUnique: true,
        method: 'btree',
        predicate: null,
      },
    });
    expect(shape.tables.Child?.primaryKey).toEqual({ name: 'Child_pkey', columns: ['id'] });
    expect(shape.enums).toEqual({ Color: ['RED', 'BLUE'] });
  });

  it('refuses a construct it cannot compare instead of skipping it', () => {
    const schema = `${header}
model Doc {
  id     Int    @id
  legacy String @ignore
}`;
    expect(() => readPrismaSchemaShape(schema)).toThrow(/@ignore\/@@ignore are not handled/);
  });

  it('reads Unsupported() columns, which the DMMF leaves out, and indexes on them', () => {
    const shape = readPrismaSchemaShape(`${header}
model Doc {
  id     Int                      @id
  // A comment mentioning Unsupported("x") is not a field.
  search Unsupported("tsvector")? @map("search_vector")
  @@index([search], type: Gin, map: "doc_search_idx")
}`);
    expect(shape.tables.Doc?.columns.search_vector).toEqual({
      type: 'tsvector',
      isNullable: true,
      default: null,
    });
    expect(Object.keys(shape.tables.Doc?.columns ?? {})).toEqual(['id', 'search_vector']);
    expect(shape.tables.Doc?.indexes).toEqual({
      doc_search_idx: { columns: ['search_vector'], isUnique: false, method: 'gin', predicate: null },
    });
  });
});
