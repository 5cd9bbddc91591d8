/**
 * Who may read `/metrics` (the API's and the worker's): a client on this machine, or anyone with
 * `Authorization: Bearer <HANDOFF_METRICS_TOKEN>` when that is set. Metrics show volumes, platforms
 * and profiles, not people, but still are nobody else's business. A request that came through a
 * proxy (it carries `Forwarded`, `X-Forwarded-For` or `X-Real-IP`) is not local, whatever address
 * the proxy connects from.
 */
import { isIP } from 'node:net';
import { secretsMatch } from '../lib/secret-compare';

const FORWARDING_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip'];

export interface MetricsRequest {
  /** The connection's peer address (`socket.remoteAddress`). */
  remoteAddress: string | undefined;
  header(name: string): string | undefined;
}

export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  if (isIP(v4) === 4) return v4.startsWith('127.');
  return address === '::1';
}

export function isLocalRequest(request: MetricsRequest): boolean {
  return isLoopbackAddress(request.remoteAddress) && FORWARDING_HEADERS.every((name) => request.header(name) === undefined);
}

export function mayReadMetrics(request: MetricsRequest, token: string | undefined): boolean {
  if (isLocalRequest(request)) return true;
  if (token === undefined) return false;
  const header = request.header('authorization');
  return secretsMatch(header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined, token);
}

export const METRICS_REFUSAL = 'metrics are served to this machine, or with Authorization: Bearer <HANDOFF_METRICS_TOKEN>';
