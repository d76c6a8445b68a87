import type { FastifyInstance } from 'fastify';
import type { TEmulatorContext } from '../emulator-context';

export function registerOidcRoutes(_app: FastifyInstance, _ctx: TEmulatorContext): void {}
