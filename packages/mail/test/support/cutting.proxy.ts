import { connect, createServer, type Server, type Socket } from 'node:net';

export type TCuttingProxy = {
  port: number;
  /** Cut the next connection once this many bytes came from the server; undefined: never cut. */
  cutAfterServerBytes: number | undefined;
  cuts: number;
  close(): Promise<void>;
};

/** A TCP proxy in front of Dovecot that drops a connection mid-response, as a flaky network does. */
export async function startCuttingProxy(target: { host: string; port: number }): Promise<TCuttingProxy> {
  const sockets = new Set<Socket>();
  const proxy: TCuttingProxy = {
    port: 0,
    cutAfterServerBytes: undefined,
    cuts: 0,
    close: async () => undefined,
  };
  const server: Server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    sockets.add(client);
    sockets.add(upstream);
    const limit = proxy.cutAfterServerBytes;
    let seen = 0;
    upstream.on('data', (chunk: Buffer) => {
      seen += chunk.length;
      if (limit !== undefined && seen > limit) {
        proxy.cutAfterServerBytes = undefined;
        proxy.cuts += 1;
        client.write(chunk.subarray(0, chunk.length - (seen - limit)));
        client.destroy();
        upstream.destroy();
        return;
      }
      client.write(chunk);
    });
    client.on('data', (chunk: Buffer) => upstream.write(chunk));
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end);
    upstream.on('error', end);
    client.on('close', end);
    upstream.on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  proxy.port = typeof address === 'object' && address ? address.port : 0;
  proxy.close = async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return proxy;
}
