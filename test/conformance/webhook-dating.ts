import type { Platform } from '../../platforms/define';

/** Whether the platform dates its webhook deliveries (its adapter's `dating`), so that a stale one can be told from a fresh one. */
export function deliversDated(platform: Platform): boolean {
  const adapter = platform.webhook?.({
    env: {},
    publicUrl: 'http://127.0.0.1',
    localDesk: { deskUrl: 'http://127.0.0.1/desk', secret: 'unused' },
    log: () => undefined,
    clock: Date.now,
  });
  return adapter?.dating !== undefined;
}
