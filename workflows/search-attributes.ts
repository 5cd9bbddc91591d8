import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** The custom search attributes operators filter handoffs by in the Temporal UI. */
export const HandoffStatusKey = defineSearchAttributeKey('HandoffStatus', SearchAttributeType.KEYWORD);
export const HandoffModeKey = defineSearchAttributeKey('HandoffMode', SearchAttributeType.KEYWORD);
export const HandoffPlatformKey = defineSearchAttributeKey('HandoffPlatform', SearchAttributeType.KEYWORD);
export const HandoffProfileKey = defineSearchAttributeKey('HandoffProfile', SearchAttributeType.KEYWORD);
export const TicketNumberKey = defineSearchAttributeKey('TicketNumber', SearchAttributeType.KEYWORD);

export const HANDOFF_SEARCH_ATTRIBUTES = [HandoffStatusKey, HandoffModeKey, HandoffPlatformKey, HandoffProfileKey, TicketNumberKey] as const;
