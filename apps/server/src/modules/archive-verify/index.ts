export { archiveVerifyRoutes } from './archive-verify.routes';
export {
  createArchiveVerifyService,
  type TArchiveVerifyService,
  type TArchiveVerifyServiceDeps,
} from './archive-verify.service';
