export type * from './archive.contract';
