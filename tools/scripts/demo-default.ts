import { internalHostKind } from '../../lib/internal-address';

/**
 * `npm start`'s `HANDOFF_DEMO` when the environment does not set it: the demo starts handoffs with
 * the bot token for whoever opens it, so it is on only while `HOST` keeps everyone else out.
 */
export function demoDefaultFor(host: string): 'on' | 'off' {
  return internalHostKind(host) === 'loopback' ? 'on' : 'off';
}
