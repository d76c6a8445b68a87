// Every route names its endpoint: the label counts requests, selects injected faults and picks the
// error shape (OAuth JSON for `oauth.*`, Google API JSON otherwise; `emulator.*` is never faulted).
declare module 'fastify' {
  interface FastifyContextConfig {
    endpoint?: string;
  }
}

export function endpoint(label: string): { config: { endpoint: string } } {
  return { config: { endpoint: label } };
}
