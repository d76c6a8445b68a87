/** The subset of Prisma's DMMF datamodel (from get_dmmf) the schema reader relies on. */
export type TDmmfDefault =
  | string
  | number
  | boolean
  | TDmmfDefault[]
  | { name: string; args: (string | number)[] };

export type TDmmfField = {
  name: string;
  dbName?: string | null;
  /** 'unsupported' is not Prisma's: the reader adds Unsupported("…") fields, which the DMMF omits. */
  kind: 'scalar' | 'object' | 'enum' | 'unsupported';
  isList: boolean;
  isRequired: boolean;
  type: string;
  nativeType?: [string, string[]] | null;
  default?: TDmmfDefault;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
  relationOnUpdate?: string;
};

export type TDmmfModel = {
  name: string;
  dbName: string | null;
  schema?: string | null;
  fields: TDmmfField[];
};

export type TDmmfEnum = {
  name: string;
  dbName?: string | null;
  values: { name: string; dbName?: string | null }[];
};

export type TDmmfIndex = {
  model: string;
  type: 'id' | 'normal' | 'unique' | 'fulltext';
  dbName?: string | null;
  algorithm?: string;
  fields: { name: string; sortOrder?: 'Asc' | 'Desc'; length?: number; operatorClass?: string }[];
};

export type TDmmfDatamodel = {
  enums: TDmmfEnum[];
  models: TDmmfModel[];
  indexes: TDmmfIndex[];
};
