import { CLI_TYPE_NAMES, HANDOFF_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';

/**
 * Dynamic config for the single-node dev server. It has one history shard, whose task queues are
 * read at most 20 times a second by default: past a short burst, every activity and workflow task
 * then waited up to 50 ms to be handed out (relay p50 with one client: 98 ms → 28 ms). A cluster
 * spreads the same load over hundreds of shards. Eager activities skip the task queue when the
 * worker that completes a workflow task has a free activity slot.
 */
export const DEV_SERVER_DYNAMIC_CONFIG: Record<string, number | boolean> = {
  'history.transferProcessorMaxPollRPS': 1_000,
  'history.timerProcessorMaxPollRPS': 1_000,
  'history.visibilityProcessorMaxPollRPS': 1_000,
  'system.enableActivityEagerExecution': true,
};

export function dynamicConfigFlags(): string[] {
  return Object.entries(DEV_SERVER_DYNAMIC_CONFIG).flatMap(([key, value]) => ['--dynamic-config-value', `${key}=${JSON.stringify(value)}`]);
}

/** Search attributes given at start; an existing SQLite file ignores them (see `npm start`). */
export function searchAttributeFlags(): string[] {
  return HANDOFF_SEARCH_ATTRIBUTES.flatMap((key) => ['--search-attribute', `${key.name}=${CLI_TYPE_NAMES[key.type]}`]);
}

/** Everything `temporal server start-dev` needs to run Handoff, besides address and storage. */
export function devServerFlags(): string[] {
  return [...searchAttributeFlags(), ...dynamicConfigFlags()];
}
