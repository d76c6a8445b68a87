export { accessLogRoutes } from './access-log.routes';
export {
  createArchiveReadModule,
  type TArchiveReadModule,
  type TArchiveReadOverrides,
} from './archive-read.module';
export { archiveReadRoutes } from './archive-read.routes';
