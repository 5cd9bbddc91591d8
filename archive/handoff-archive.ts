/**
 * The archive: what of a handoff lives outside Temporal's history, so that no workflow input grows
 * with the chat. A run's transcript segment when it hands over to the next run, and the bot's
 * request when a step after the start needs it (a fallback ticket). Records are encrypted like
 * every payload (the payload codec's keys, codec/), keyed by the handoff's chain id, and kept for
 * the attachments' retention period (swept with them).
 */
import { defaultPayloadConverter } from '@temporalio/common';
import proto from '@temporalio/proto';
import type { HandoffRequest } from '../contracts/handoff-request';
import type { TranscriptEntry } from '../contracts/transcript';
import { EncryptionCodec } from '../codec/encryption-codec';
import type { EncryptionKeys } from '../codec/encryption-keys';
import type { RecordStore } from './record-store';

const ProtoPayload = proto.temporal.api.common.v1.Payload;

/** Which `seq`s a segment holds, so a reader skips the segments before where it is. */
export interface SegmentRange {
  first: number;
  last: number;
}

/** Thrown when a record the handoff's state says is there is missing (deleted by retention, or another store). */
export class ArchiveRecordMissingError extends Error {
  override readonly name = 'ArchiveRecordMissingError';
  constructor(readonly key: string) {
    super(`the archive has no record "${key}" (past its retention, or the worker and the API use different stores)`);
  }
}

export class HandoffArchive {
  private readonly codec: EncryptionCodec;

  constructor(
    private readonly store: RecordStore,
    keys: EncryptionKeys,
  ) {
    this.codec = new EncryptionCodec(keys);
  }

  async keepRequest(chainId: string, request: HandoffRequest): Promise<void> {
    await this.write(`${chainId}/request`, request);
  }

  async request(chainId: string): Promise<HandoffRequest> {
    return this.read<HandoffRequest>(`${chainId}/request`);
  }

  /** Writes segment `segment` (again, after an operator's reset) and its range in the chain's index. */
  async writeSegment(chainId: string, segment: number, entries: readonly TranscriptEntry[]): Promise<void> {
    await this.write(segmentKey(chainId, segment), entries);
    const ranges = await this.segmentRanges(chainId);
    const seqs = entries.map((entry) => entry.seq);
    ranges[segment] = { first: Math.min(...seqs), last: Math.max(...seqs) };
    await this.store.put(indexKey(chainId), Buffer.from(JSON.stringify(ranges)));
  }

  async segment(chainId: string, segment: number): Promise<TranscriptEntry[]> {
    return this.read<TranscriptEntry[]>(segmentKey(chainId, segment));
  }

  /** Each segment's range by index (only `seq`s: no personal data, so kept in the clear); holes where a write was lost. */
  async segmentRanges(chainId: string): Promise<Array<SegmentRange | null>> {
    const bytes = await this.store.get(indexKey(chainId));
    return bytes ? (JSON.parse(bytes.toString('utf8')) as Array<SegmentRange | null>) : [];
  }

  private async write(key: string, value: unknown): Promise<void> {
    const sealed = this.codec.encrypt(defaultPayloadConverter.toPayload(value));
    await this.store.put(key, Buffer.from(ProtoPayload.encode(sealed).finish()));
  }

  private async read<T>(key: string): Promise<T> {
    const bytes = await this.store.get(key);
    if (!bytes) throw new ArchiveRecordMissingError(key);
    return defaultPayloadConverter.fromPayload<T>(this.codec.decrypt(ProtoPayload.decode(bytes)));
  }
}

function segmentKey(chainId: string, segment: number): string {
  return `${chainId}/transcript/${segment}`;
}

function indexKey(chainId: string): string {
  return `${chainId}/transcript/index`;
}
