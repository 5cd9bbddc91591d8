import type { LoadedConfig, LoadedProfile } from '../../config/load';
import type { PlatformId } from '../../contracts/status';
import type { HandoffService } from '../handoff-service';

/** What a platform's webhook router is built from. */
export interface WebhookDeps {
  service: HandoffService;
  config: LoadedConfig;
  /** Where `${ENV}` secrets (webhook tokens, signing keys) are resolved. */
  env: NodeJS.ProcessEnv;
  log: (message: string, context: object) => void;
}

/** The profile a handoff id names (`handoff/<profile>/<conversationId>`), if it is on `platform`. */
export function profileOfHandoff(config: LoadedConfig, handoffId: string, platform: PlatformId): LoadedProfile | undefined {
  const name = /^handoff\/([^/]+)\//.exec(handoffId)?.[1];
  const profile = name === undefined ? undefined : config.profiles.get(name);
  return profile?.platform === platform ? profile : undefined;
}
