import { describe, expect, it } from 'vitest';
import { digestOf } from '../../workflows/digest';
import { FILTER_SLOTS, MessageFilters } from '../../workflows/message-filter';

describe('the filters of archived message ids', () => {
  it('never says "no" for an id a segment holds, across the encoding a continue-as-new carries', () => {
    const filters = MessageFilters.from([]);
    for (let segment = 0; segment < 40; segment++)
      filters.add(
        segment,
        Array.from({ length: 150 }, (_, i) => `s${segment}-m${i}`),
      );
    const carried = MessageFilters.from(JSON.parse(JSON.stringify(filters.encode())) as string[]);
    for (let segment = 0; segment < 40; segment++) {
      for (let i = 0; i < 150; i++) expect(carried.slotsThatMayHold(`s${segment}-m${i}`)).toContain(segment % FILTER_SLOTS);
    }
  });

  it('says "no" for almost every new id, so a new message rarely costs a lookup', () => {
    const filters = MessageFilters.from([]);
    for (let segment = 0; segment < 16; segment++)
      filters.add(
        segment,
        Array.from({ length: 160 }, (_, i) => `old-${segment}-${i}`),
      );
    const maybes = Array.from({ length: 20_000 }, (_, i) => `new-${i}`).filter((id) => filters.slotsThatMayHold(id).length > 0);
    expect(maybes.length / 20_000).toBeLessThan(0.001);
  });

  it('stays within a fixed size however many segments a chat archives', () => {
    const filters = MessageFilters.from([]);
    for (let segment = 0; segment < 500; segment++) filters.add(segment, [`m${segment}`]);
    expect(filters.encode()).toHaveLength(FILTER_SLOTS);
    expect(JSON.stringify(filters.encode()).length).toBeLessThan(90_000);
    expect(MessageFilters.from([]).encode()).toEqual([]);
  });
});

describe('id digests', () => {
  it('are 64 bits in 16 hex digits, the same on every run, and differ for nearby ids', () => {
    expect(digestOf('event-1')).toMatch(/^[0-9a-f]{16}$/);
    expect(digestOf('event-1')).toBe(digestOf('event-1'));
    const digests = new Set(Array.from({ length: 100_000 }, (_, i) => digestOf(`event-${i}`)));
    expect(digests.size).toBe(100_000);
  });
});
