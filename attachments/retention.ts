/**
 * Retention: a file goes once nobody stored it for `retentionMs` (HANDOFF_ATTACHMENT_RETENTION).
 * The store is content-addressed, so a file belongs to every handoff that sent it; storing it again
 * starts its period over, and handoffs end long before a period does (`maxDuration` is hours, the
 * period days). Tickets keep names and hashes, never the bytes.
 */
import type { SweepableStore } from './store';

/** What a sweeper needs of a store: the archive's records are swept like attachments. */
export type Sweepable = Pick<SweepableStore, 'deleteStoredBefore'>;

export interface RetentionSweeper {
  /** One sweep now; how many files went. */
  sweep(): Promise<number>;
  stop(): void;
}

export interface RetentionOptions {
  retentionMs: number;
  /** @default 1 hour */
  intervalMs?: number;
  clock?: () => number;
  log?: (message: string, context: object) => void;
  /** What the log lines call the records swept. @default "attachments" */
  what?: string;
}

/** Sweeps now and every `intervalMs`, without keeping the process alive. */
export function startRetentionSweeper(store: Sweepable, options: RetentionOptions): RetentionSweeper {
  const clock = options.clock ?? Date.now;
  let running: Promise<number> | undefined;
  const sweep = (): Promise<number> => {
    running ??= store.deleteStoredBefore(new Date(clock() - options.retentionMs)).finally(() => (running = undefined));
    return running;
  };
  const sweepQuietly = () =>
    void sweep().then(
      (deleted) => deleted > 0 && options.log?.(`${options.what ?? 'attachments'} past their retention deleted`, { deleted }),
      (error: unknown) => options.log?.(`${options.what ?? 'attachments'} retention sweep failed`, { reason: (error as Error).message }),
    );
  const timer = setInterval(sweepQuietly, options.intervalMs ?? 3_600_000);
  timer.unref();
  setImmediate(sweepQuietly).unref();
  return { sweep, stop: () => clearInterval(timer) };
}
