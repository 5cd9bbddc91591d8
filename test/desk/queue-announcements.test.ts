import { describe, expect, it } from 'vitest';
import { worthTelling } from '../../apps/desk/queue-announcements';

const at = (position: number | null, estimate: number | null = null) => ({ position, estimate });

describe('when a waiting chat is told its place again', () => {
  it('tells every step within the first five places', () => {
    expect(worthTelling(at(6), at(5))).toBe(true);
    expect(worthTelling(at(2), at(1))).toBe(true);
  });

  it('tells a place further back only once it moved by a tenth', () => {
    expect(worthTelling(at(100), at(91))).toBe(false);
    expect(worthTelling(at(100), at(90))).toBe(true);
    expect(worthTelling(at(8), at(7))).toBe(true);
  });

  it('tells a wait that moved by a tenth and by at least a minute, whichever is more', () => {
    expect(worthTelling(at(50, 600), at(50, 650))).toBe(false);
    expect(worthTelling(at(50, 600), at(50, 660))).toBe(true);
    expect(worthTelling(at(50, 120), at(50, 170))).toBe(false);
    expect(worthTelling(at(50, 120), at(50, 180))).toBe(true);
  });

  it('tells a first place or a first estimate, and nothing unchanged', () => {
    expect(worthTelling(at(null), at(40))).toBe(true);
    expect(worthTelling(at(40), at(40, 300))).toBe(true);
    expect(worthTelling(at(3, 300), at(3, 300))).toBe(false);
  });

  it('tells a user at the back of 4,000 a few dozen times, not 4,000', () => {
    let told = at(4_000);
    let times = 0;
    for (let position = 3_999; position >= 1; position -= 1) {
      if (worthTelling(told, at(position))) {
        told = at(position);
        times += 1;
      }
    }
    expect(times).toBeLessThan(80);
    expect(told.position).toBe(1);
  });
});
