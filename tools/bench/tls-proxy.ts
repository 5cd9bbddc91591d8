/**
 * A TLS-originating TCP proxy, as a sidecar is in a service mesh: plain connections on a port of
 * 127.0.0.1 go on to the cluster's frontend over mTLS with the client certificate (ALPN h2, for
 * gRPC). It lets the bench's in-process API, its worker process and the Temporal-floor worker
 * (tools/bench/system.ts, tools/bench/worker-process.ts, which dial plain gRPC) run unchanged on a cluster
 * that accepts only mTLS; the cluster's own processes use `TEMPORAL_TLS_*` directly.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { connect } from 'node:tls';
import type { ClusterCertificates } from '../scripts/cluster/certificates';

export interface TlsProxy {
  address: string;
  close(): Promise<void>;
}

export async function startTlsProxy(target: { host: string; port: number }, certificates: ClusterCertificates): Promise<TlsProxy> {
  const ca = readFileSync(certificates.ca);
  const cert = readFileSync(certificates.clientCert);
  const key = readFileSync(certificates.clientKey);
  const sockets = new Set<Socket>();
  const server: Server = createServer((plain) => {
    const secure = connect({ host: target.host, port: target.port, servername: 'localhost', ca, cert, key, ALPNProtocols: ['h2'] });
    for (const socket of [plain, secure]) {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
      socket.setNoDelay(true);
    }
    plain.pipe(secure).pipe(plain);
    plain.once('error', () => secure.destroy());
    secure.once('error', () => plain.destroy());
    plain.once('close', () => secure.destroy());
    secure.once('close', () => plain.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    address: `127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
