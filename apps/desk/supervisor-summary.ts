/**
 * What the supervisor view shows, and how it is counted from the desk's chats. Pure: the server
 * counts with it and the page reads its types and labels, so both say the same thing.
 */

/** What the view counts of one chat (DeskStore.chatTimesSince): times and outcome, no names or words. */
export interface ChatTimes {
  status: 'queued' | 'active' | 'closed';
  createdAt: string;
  /** When an agent first accepted it; missing in files from before the desk kept it. */
  acceptedAt?: string;
  closedAt?: string;
  endReason?: string;
  /** 1..5 */
  rating?: number;
  /** An agent took the chat, even if it went back to a queue later (also known, without `acceptedAt`, from older files). */
  answered: boolean;
}

/** How a chat of today stands or ended, in the order the view lists them. */
export const OUTCOMES = {
  waiting: 'Waiting for an agent',
  withAgent: 'With an agent now',
  closedByAgent: 'Closed by the agent',
  userLeft: 'The user left',
  notAcceptedInTime: 'No agent accepted in time',
  timedOut: 'Timed out',
  handedBack: 'Handed back to the bot',
  operator: 'Stopped by an operator',
  other: 'Ended otherwise',
} as const;
export type Outcome = keyof typeof OUTCOMES;

/** Handoff's end reasons (workflows/endings.ts) and the desk's own, by outcome. */
const OUTCOME_OF_REASON: Record<string, Outcome> = {
  'agent-closed': 'closedByAgent',
  'user-left': 'userLeft',
  'no agent accepted in time': 'notAcceptedInTime',
  inactivity: 'timedOut',
  'max-duration': 'timedOut',
  'no-events': 'timedOut',
  'timed-out': 'timedOut',
  'handed-back-to-bot': 'handedBack',
  operator: 'operator',
  terminated: 'operator',
};

export function outcomeOf(chat: Pick<ChatTimes, 'status' | 'endReason'>): Outcome {
  if (chat.status === 'queued') return 'waiting';
  if (chat.status === 'active') return 'withAgent';
  return (chat.endReason !== undefined && OUTCOME_OF_REASON[chat.endReason]) || 'other';
}

/** The time-to-agent chart's bars: each holds the waits up to its bound, in seconds. */
export const TIME_TO_AGENT_BUCKETS = [
  { upToSeconds: 30, label: 'under 30 s' },
  { upToSeconds: 60, label: '30 s to 1 min' },
  { upToSeconds: 120, label: '1 to 2 min' },
  { upToSeconds: 300, label: '2 to 5 min' },
  { upToSeconds: 600, label: '5 to 10 min' },
  { upToSeconds: Number.POSITIVE_INFINITY, label: '10 min or more' },
] as const;

export interface SupervisorSummary {
  generatedAt: string;
  /** "Today" is the server's day: from `start`, local midnight in `timeZone`. */
  day: { start: string; timeZone: string };
  /** The chats waiting for an agent now, whatever day they arrived. */
  queue: { length: number; longestWaitSeconds: number; waitingSince?: string };
  /** The chats that arrived today. */
  today: {
    arrived: number;
    byOutcome: Record<Outcome, number>;
    /** Abandoned: ended before any agent accepted it. The rate is of the chats that left the queue. */
    abandonment: { abandoned: number; answered: number; rate: number | null };
    /** Seconds from arrival to an agent's accept, of today's answered chats. */
    timeToAgent: { count: number; p50Seconds: number | null; p90Seconds: number | null; buckets: number[] };
    /** The users' ratings (1..5). `satisfiedShare`: the share of 4 and 5. */
    csat: { ratings: number; average: number | null; satisfiedShare: number | null; byRating: [number, number, number, number, number] };
  };
}

export interface SummaryInput {
  /** Today's chats (arrived at or after `dayStart`). */
  chats: ChatTimes[];
  waiting: { length: number; oldestSince?: string };
  now: Date;
  dayStart: Date;
  timeZone: string;
}

export function summarize({ chats, waiting, now, dayStart, timeZone }: SummaryInput): SupervisorSummary {
  const byOutcome = Object.fromEntries(Object.keys(OUTCOMES).map((outcome) => [outcome, 0])) as Record<Outcome, number>;
  for (const chat of chats) byOutcome[outcomeOf(chat)] += 1;

  const answered = chats.filter((chat) => chat.answered).length;
  const abandoned = chats.filter((chat) => chat.status === 'closed' && !chat.answered).length;

  const waits = chats
    .filter((chat) => chat.acceptedAt !== undefined)
    .map((chat) => Math.max(0, (Date.parse(chat.acceptedAt!) - Date.parse(chat.createdAt)) / 1_000))
    .sort((a, b) => a - b);
  const buckets = TIME_TO_AGENT_BUCKETS.map(() => 0);
  for (const wait of waits) buckets[TIME_TO_AGENT_BUCKETS.findIndex((bucket) => wait < bucket.upToSeconds)]! += 1;

  const ratings = chats.flatMap((chat) => (chat.rating !== undefined && chat.rating >= 1 && chat.rating <= 5 ? [Math.round(chat.rating)] : []));
  const byRating: [number, number, number, number, number] = [0, 0, 0, 0, 0];
  for (const rating of ratings) byRating[rating - 1]! += 1;

  return {
    generatedAt: now.toISOString(),
    day: { start: dayStart.toISOString(), timeZone },
    queue: {
      length: waiting.length,
      longestWaitSeconds: waiting.oldestSince === undefined ? 0 : Math.max(0, Math.floor((now.getTime() - Date.parse(waiting.oldestSince)) / 1_000)),
      ...(waiting.oldestSince !== undefined && { waitingSince: waiting.oldestSince }),
    },
    today: {
      arrived: chats.length,
      byOutcome,
      abandonment: { abandoned, answered, rate: ratio(abandoned, abandoned + answered) },
      timeToAgent: { count: waits.length, p50Seconds: percentile(waits, 50), p90Seconds: percentile(waits, 90), buckets },
      csat: {
        ratings: ratings.length,
        average: ratings.length === 0 ? null : round(ratings.reduce((sum, r) => sum + r, 0) / ratings.length, 2),
        satisfiedShare: ratio(ratings.filter((r) => r >= 4).length, ratings.length),
        byRating,
      },
    },
  };
}

/** Nearest rank of sorted values, in whole seconds: p90 of ten waits is the ninth. */
export function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return Math.round(sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!);
}

function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : round(part / whole, 4);
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
