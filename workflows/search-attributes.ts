import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** The custom search attributes operators filter handoffs by in the Temporal UI. */
export const HandoffStatusKey = defineSearchAttributeKey('HandoffStatus', SearchAttributeType.KEYWORD);
export const HandoffModeKey = defineSearchAttributeKey('HandoffMode', SearchAttributeType.KEYWORD);
export const HandoffPlatformKey = defineSearchAttributeKey('HandoffPlatform', SearchAttributeType.KEYWORD);
export const HandoffProfileKey = defineSearchAttributeKey('HandoffProfile', SearchAttributeType.KEYWORD);
export const TicketNumberKey = defineSearchAttributeKey('TicketNumber', SearchAttributeType.KEYWORD);
/** The user's rating after the chat (1–5), once they gave one. */
export const HandoffCsatKey = defineSearchAttributeKey('HandoffCsat', SearchAttributeType.INT);

export const HANDOFF_SEARCH_ATTRIBUTES = [HandoffStatusKey, HandoffModeKey, HandoffPlatformKey, HandoffProfileKey, TicketNumberKey, HandoffCsatKey] as const;

/** The type names `temporal operator search-attribute create --type` and the dev server's `--search-attribute` take. */
export const CLI_TYPE_NAMES: Readonly<Partial<Record<SearchAttributeType, string>>> = {
  [SearchAttributeType.KEYWORD]: 'Keyword',
  [SearchAttributeType.INT]: 'Int',
};
