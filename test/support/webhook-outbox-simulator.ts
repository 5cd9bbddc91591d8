/**
 * How a platform pushes events to a webhook: one at a time, in order, redelivering on 5xx, 429 or
 * a network error until the receiver takes the event. Tests can make it misbehave like real
 * platforms do: deliver an event twice, or hold one back and deliver it after later ones.
 */
export interface Push {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

export interface DeliveryRecord {
  body: unknown;
  status: number;
  answer: unknown;
}

export class WebhookOutbox {
  /** Every final answer of the receiver, in order (redelivered attempts are not listed). */
  readonly answers: DeliveryRecord[] = [];
  /** Deliver each of the next N pushes twice. */
  duplicateNext = 0;
  /** Hold the next N pushes back until `releaseHeld()`. */
  holdNext = 0;
  private readonly queue: Push[] = [];
  private readonly held: Push[] = [];
  private draining?: Promise<void>;
  private stopped = false;

  push(push: Push): void {
    if (this.holdNext > 0) {
      this.holdNext--;
      this.held.push(push);
      return;
    }
    this.queue.push(push);
    if (this.duplicateNext > 0) {
      this.duplicateNext--;
      this.queue.push(push);
    }
    this.draining ??= this.drain().finally(() => {
      this.draining = undefined;
    });
  }

  /** Delivers what was held back, after everything pushed since. */
  releaseHeld(): void {
    for (const push of this.held.splice(0)) {
      this.queue.push(push);
      this.draining ??= this.drain().finally(() => {
        this.draining = undefined;
      });
    }
  }

  /** Resolves once everything pushed so far has been answered. */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  stop(): void {
    this.stopped = true;
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0 && !this.stopped) {
      const push = this.queue[0]!;
      for (let attempt = 1; !this.stopped; attempt++) {
        const answer = await send(push);
        if (answer && !(answer.status >= 500 || answer.status === 429)) {
          this.answers.push({ body: push.body, status: answer.status, answer: answer.body });
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, Math.min(50 * attempt, 500)));
      }
      this.queue.shift();
    }
  }
}

async function send(push: Push): Promise<{ status: number; body: unknown } | undefined> {
  try {
    const response = await fetch(push.url, {
      method: push.method,
      headers: { 'content-type': 'application/json', ...push.headers },
      body: JSON.stringify(push.body),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    return { status: response.status, body: parseJson(text) };
  } catch {
    return undefined;
  }
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return text;
  }
}
