import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { get_dmmf } from '@prisma/prisma-schema-wasm';
import type { TDmmfDatamodel, TDmmfDefault, TDmmfField, TDmmfIndex, TDmmfModel } from './dmmf.types';
import type { TColumnShape, TForeignKeyShape, TIndexShape, TSchemaShape, TTableShape } from './schema-shape';
import { typeName } from './sql-names';

export const schemaPrismaPath = fileURLToPath(new URL('../../../../prisma/schema.prisma', import.meta.url));

export async function readSchemaPrismaFile(): Promise<string> {
  return readFile(schemaPrismaPath, 'utf8');
}

/**
 * What the database must look like for this Prisma schema, following the rules Prisma Migrate
 * uses on Postgres (types, default constraint names, scalar lists without NOT NULL, referential
 * action defaults). Anything this reader does not know throws, so a new kind of field makes
 * the agreement test fail loudly instead of being skipped.
 */
export function readPrismaSchemaShape(prismaSchema: string): TSchemaShape {
  const datamodel = parseDatamodel(prismaSchema);
  const enumTypeNames = new Map(datamodel.enums.map((item) => [item.name, item.dbName ?? item.name]));
  const models = new Map(datamodel.models.map((model) => [model.name, model]));

  const enums: TSchemaShape['enums'] = {};
  for (const item of datamodel.enums) {
    enums[item.dbName ?? item.name] = item.values.map((value) => value.dbName ?? value.name);
  }

  const tables: TSchemaShape['tables'] = {};
  for (const model of datamodel.models) {
    if (model.schema) throw new Error(`Model ${model.name}: multi-schema models are not supported here.`);
    const table = tableName(model);
    const shape: TTableShape = { columns: {}, primaryKey: null, indexes: {}, foreignKeys: {} };
    for (const field of model.fields) {
      if (field.kind === 'unsupported') {
        shape.columns[columnName(field)] = { type: field.type, isNullable: !field.isRequired, default: null };
      } else if (field.kind === 'scalar' || field.kind === 'enum') {
        shape.columns[columnName(field)] = columnShape(table, field, enumTypeNames);
      } else if (field.kind === 'object' && field.relationFromFields?.length) {
        const [name, foreignKey] = foreignKeyShape(model, field, models);
        shape.foreignKeys[name] = foreignKey;
      }
    }
    for (const index of datamodel.indexes.filter((item) => item.model === model.name)) {
      const columns = index.fields.map((item) => columnOf(model, item.name));
      if (index.type === 'id') {
        shape.primaryKey = { name: index.dbName ?? `${table}_pkey`, columns };
        continue;
      }
      const [name, indexShape] = indexEntry(model, index, columns);
      shape.indexes[name] = indexShape;
    }
    tables[table] = shape;
  }
  return { enums, tables };
}

function parseDatamodel(prismaSchema: string): TDmmfDatamodel {
  // The DMMF leaves these out entirely, so their columns could not be compared.
  const hidden = /^[^/\n]*@@?ignore\b/m.exec(prismaSchema);
  if (hidden) {
    throw new Error(`@ignore/@@ignore are not handled by the agreement test: ${hidden[0].trim()}`);
  }
  const result = JSON.parse(get_dmmf(JSON.stringify({ prismaSchema }))) as { datamodel: TDmmfDatamodel };
  for (const [modelName, fields] of readUnsupportedFields(prismaSchema)) {
    result.datamodel.models.find((model) => model.name === modelName)?.fields.push(...fields);
  }
  return result.datamodel;
}

/**
 * Unsupported("…") fields (e.g. a tsvector), which the DMMF omits though its indexes name them,
 * read from the schema text. The type must be spelled as Postgres prints it (format_type).
 */
function readUnsupportedFields(prismaSchema: string): Map<string, TDmmfField[]> {
  const found = new Map<string, TDmmfField[]>();
  for (const block of prismaSchema.matchAll(/^model\s+(\w+)\s*\{([\s\S]*?)^\}/gm)) {
    const [, modelName = '', body = ''] = block;
    for (const rawLine of body.split('\n')) {
      const line = rawLine.replace(/\/\/.*$/, '');
      const match = /^\s*(\w+)\s+Unsupported\("([^"]+)"\)(\?|\[\])?(.*)$/.exec(line);
      if (!match) continue;
      const [, name = '', type = '', modifier, attributes = ''] = match;
      if (modifier === '[]' || /@default\b/.test(attributes)) {
        throw new Error(
          `${modelName}.${name}: Unsupported() lists and defaults are not handled by the agreement test.`,
        );
      }
      const dbName = /@map\("([^"]+)"\)/.exec(attributes)?.[1] ?? null;
      const field: TDmmfField = {
        name,
        dbName,
        kind: 'unsupported',
        isList: false,
        isRequired: modifier !== '?',
        type,
      };
      found.set(modelName, [...(found.get(modelName) ?? []), field]);
    }
  }
  return found;
}

function tableName(model: TDmmfModel): string {
  return model.dbName ?? model.name;
}

function columnName(field: TDmmfField): string {
  return field.dbName ?? field.name;
}

function columnOf(model: TDmmfModel, fieldName: string): string {
  const field = model.fields.find((item) => item.name === fieldName);
  if (!field) throw new Error(`${model.name}.${fieldName}: unknown field in an index or relation.`);
  return columnName(field);
}

function columnShape(table: string, field: TDmmfField, enumTypeNames: Map<string, string>): TColumnShape {
  const scalarType =
    field.kind === 'enum' ? typeName(enumTypeNames.get(field.type) ?? field.type) : scalarSqlType(field);
  return {
    type: field.isList ? `${scalarType}[]` : scalarType,
    // Prisma Migrate never puts NOT NULL on scalar-list columns.
    isNullable: field.isList || !field.isRequired,
    default: defaultExpression(table, field, scalarType),
  };
}

const SCALAR_TYPES: Record<string, string> = {
  String: 'text',
  Boolean: 'boolean',
  Int: 'integer',
  BigInt: 'bigint',
  Float: 'double precision',
  Decimal: 'numeric(65,30)',
  DateTime: 'timestamp(3) without time zone',
  Json: 'jsonb',
  Bytes: 'bytea',
};

function scalarSqlType(field: TDmmfField): string {
  if (field.nativeType) return nativeSqlType(field, field.nativeType);
  const type = SCALAR_TYPES[field.type];
  if (!type) throw new Error(`${field.name}: no Postgres type known for Prisma type ${field.type}.`);
  return type;
}

function nativeSqlType(field: TDmmfField, [name, args]: [string, string[]]): string {
  const precision = args.length > 0 ? `(${args.join(',')})` : '';
  const simple: Record<string, string> = {
    Uuid: 'uuid',
    Text: 'text',
    SmallInt: 'smallint',
    Integer: 'integer',
    BigInt: 'bigint',
    Real: 'real',
    DoublePrecision: 'double precision',
    Date: 'date',
    Json: 'json',
    JsonB: 'jsonb',
    Boolean: 'boolean',
    ByteA: 'bytea',
    Inet: 'inet',
    Citext: 'citext',
  };
  const withPrecision: Record<string, string> = {
    VarChar: `character varying${precision}`,
    Char: `character${precision}`,
    Decimal: `numeric${precision}`,
    Timestamp: `timestamp${precision || '(3)'} without time zone`,
    Timestamptz: `timestamp${precision || '(3)'} with time zone`,
    Time: `time${precision || '(3)'} without time zone`,
    Timetz: `time${precision || '(3)'} with time zone`,
  };
  const type = simple[name] ?? withPrecision[name];
  if (!type) throw new Error(`${field.name}: native type @db.${name} is not handled by the agreement test.`);
  return type;
}

function defaultExpression(table: string, field: TDmmfField, scalarType: string): string | null {
  const value = field.default;
  if (value === undefined) return null;
  if (Array.isArray(value)) {
    if (value.length === 0) return `ARRAY[]::${scalarType}[]`;
    return `ARRAY[${value.map((item) => literal(field, item, scalarType)).join(', ')}]`;
  }
  if (typeof value === 'object') {
    switch (value.name) {
      case 'now':
        return 'CURRENT_TIMESTAMP';
      case 'autoincrement':
        return `nextval('${typeName(`${table}_${columnName(field)}_seq`)}'::regclass)`;
      case 'dbgenerated':
        return String(value.args[0] ?? '');
      case 'uuid':
      case 'cuid':
      case 'nanoid':
      case 'ulid':
        return null;
      default:
        throw new Error(`${field.name}: default ${value.name}() is not handled by the agreement test.`);
    }
  }
  return literal(field, value, scalarType);
}

function literal(field: TDmmfField, value: TDmmfDefault, scalarType: string): string {
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new Error(`${field.name}: fractional defaults are not handled.`);
    return value < 0 ? `'${value}'::${scalarType}` : String(value);
  }
  if (typeof value === 'string') {
    if (field.type === 'DateTime')
      throw new Error(`${field.name}: literal DateTime defaults are not handled.`);
    return `'${value.replaceAll("'", "''")}'::${scalarType}`;
  }
  throw new Error(`${field.name}: default ${JSON.stringify(value)} is not handled by the agreement test.`);
}

const REFERENTIAL_ACTIONS: Record<string, string> = {
  Cascade: 'CASCADE',
  Restrict: 'RESTRICT',
  NoAction: 'NO ACTION',
  SetNull: 'SET NULL',
  SetDefault: 'SET DEFAULT',
};

function foreignKeyShape(
  model: TDmmfModel,
  field: TDmmfField,
  models: Map<string, TDmmfModel>,
): [string, TForeignKeyShape] {
  const target = models.get(field.type);
  if (!target) throw new Error(`${model.name}.${field.name}: relation to unknown model ${field.type}.`);
  const columns = (field.relationFromFields ?? []).map((name) => columnOf(model, name));
  const referencedColumns = (field.relationToFields ?? []).map((name) => columnOf(target, name));
  // Prisma's defaults: optional relations SET NULL on delete, required ones RESTRICT; updates cascade.
  const onDelete = field.relationOnDelete ?? (field.isRequired ? 'Restrict' : 'SetNull');
  const onUpdate = field.relationOnUpdate ?? 'Cascade';
  const name = constraintName(tableName(model), columns, 'fkey');
  return [
    name,
    {
      columns,
      referencedTable: tableName(target),
      referencedColumns,
      onDelete: referentialAction(onDelete),
      onUpdate: referentialAction(onUpdate),
    },
  ];
}

function referentialAction(action: string): string {
  const sql = REFERENTIAL_ACTIONS[action];
  if (!sql) throw new Error(`Unknown referential action ${action}.`);
  return sql;
}

function indexEntry(model: TDmmfModel, index: TDmmfIndex, columns: string[]): [string, TIndexShape] {
  if (index.type === 'fulltext') throw new Error(`${model.name}: fulltext indexes do not exist on Postgres.`);
  const keys = index.fields.map((item, position) => {
    if (item.operatorClass || item.length) {
      throw new Error(
        `${model.name}: index operator classes and lengths are not handled by the agreement test.`,
      );
    }
    return item.sortOrder === 'Desc' ? `${columns[position]} DESC` : (columns[position] ?? '');
  });
  const isUnique = index.type === 'unique';
  const name = index.dbName ?? constraintName(tableName(model), columns, isUnique ? 'key' : 'idx');
  return [
    name,
    { columns: keys, isUnique, method: (index.algorithm ?? 'BTree').toLowerCase(), predicate: null },
  ];
}

// Prisma's default names; past Postgres' 63-byte limit Prisma shortens them by its own rule,
// so such a name must be given explicitly with `map:` for this reader to know it.
function constraintName(table: string, columns: string[], suffix: string): string {
  const name = `${table}_${columns.join('_')}_${suffix}`;
  if (Buffer.byteLength(name) > 63) {
    throw new Error(`Default constraint name ${name} is too long for Postgres: give it a name with map:.`);
  }
  return name;
}
