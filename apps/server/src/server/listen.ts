import type { FastifyInstance } from 'fastify';
import type { TConfig } from '../config/env';
import { StartupError } from './database';

export async function listen(app: FastifyInstance, config: TConfig): Promise<string> {
  try {
    return await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      throw new StartupError(
        `Port ${config.port} is already in use on ${config.host} (another instance of the connector or ` +
          'another program is listening there). Stop it, or set PORT to a free port.',
      );
    }
    if (code === 'EACCES') {
      throw new StartupError(
        `Not allowed to listen on port ${config.port}: ports below 1024 need extra privileges. Set PORT to 1024 or above.`,
      );
    }
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
      throw new StartupError(`HOST=${config.host} is not an address of this machine.`);
    }
    throw error;
  }
}
