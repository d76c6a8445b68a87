import fp from 'fastify-plugin';

// The id itself comes from Fastify's genReqId (see app.ts); echoing it lets an admin quote it from
// the browser's network tab and find the matching log line.
export const requestIdPlugin = fp(
  async (app) => {
    app.addHook('onRequest', async (request, reply) => {
      reply.header('x-request-id', request.id);
    });
  },
  { name: 'wac-request-id' },
);
