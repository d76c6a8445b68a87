import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses } from '../../http/error.schemas';
import { activeSession, requireAdmin } from '../auth/auth.guards';
import { requestContextOf } from '../auth/auth.plugin';
import {
  ZAssignedFolder,
  ZAssignFolderInput,
  ZFolderIdParams,
  ZOrphanedFolderList,
} from './archive-folders.schemas';
import type { TArchiveFoldersService } from './archive-folders.service';

export type TArchiveFoldersRoutesOptions = { archiveFolders: TArchiveFoldersService };

const tags = ['archive-folders'];
const security = [{ sessionCookie: [] }];

export const archiveFoldersRoutes: FastifyPluginAsyncZod<TArchiveFoldersRoutesOptions> = async (
  app,
  options,
) => {
  app.addHook('onRequest', requireAdmin);

  app.get(
    '/orphaned',
    {
      schema: {
        tags,
        summary: 'Archive folders whose owner was removed, with who owned them and when they left',
        security,
        response: { 200: ZOrphanedFolderList, ...errorResponses(401, 403) },
      },
    },
    async () => options.archiveFolders.listOrphaned(),
  );

  app.post(
    '/:id/assign',
    {
      schema: {
        tags,
        summary: 'Give an orphaned archive folder to a user who has none',
        security,
        params: ZFolderIdParams,
        body: ZAssignFolderInput,
        response: { 200: ZAssignedFolder, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const { user } = activeSession(request);
      return options.archiveFolders.assign(request.params.id, request.body.userId, {
        actor: { userId: user.id, name: user.userName },
        context: requestContextOf(request),
      });
    },
  );
};
