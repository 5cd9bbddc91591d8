import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { HandoffRequestSchema } from '../../contracts/handoff-request';
import { JsonObject } from '../../contracts/json-object';
import { TranscriptQuerySchema } from '../../contracts/transcript';
import { hasNoLoneSurrogate, SafeText, SafeUrl, unsafeTextReason } from '../../contracts/text';
import { UserMessageSchema } from '../../contracts/user-message';
import { issuesOf } from '../../lib/validate';
import { firstInvalidUtf8Byte } from '../../lib/utf8';

const failures = (schema: z.ZodType, value: unknown) => {
  const parsed = schema.safeParse(value);
  return parsed.success ? [] : issuesOf(parsed.error);
};

describe('the text rules every contract shares', () => {
  it('takes tabs, newlines, carriage returns, any other character and whole surrogate pairs', () => {
    for (const text of ['plain', 'a\tb\nc\r\n', 'Ünïcödé – “quotes” 🚀 👩‍👩‍👧', '\u007f\u0085\u200b', '']) expect(unsafeTextReason(text)).toBeUndefined();
  });

  it('names the first control character or lone surrogate, and where it is', () => {
    expect(unsafeTextReason('ab\u0000c')).toBe('contains the control character U+0000 at index 2; only tab, newline and carriage return are allowed');
    expect(unsafeTextReason('\u001b[31m')).toMatch(/U\+001B at index 0/);
    expect(unsafeTextReason('x\ud83d')).toBe('contains a lone UTF-16 surrogate U+D83D at index 1');
    expect(unsafeTextReason('\ude00x')).toBe('contains a lone UTF-16 surrogate U+DE00 at index 0');
    expect(unsafeTextReason('\ud83d\ud83d\ude00')).toMatch(/U\+D83D at index 0/);
  });

  it('agrees with the patterns the OpenAPI document carries, on every code point but the surrogates it names in words', () => {
    const safe = new RegExp((z.toJSONSchema(SafeText({ max: 10 })) as { pattern: string }).pattern, 'u');
    const visible = new RegExp((z.toJSONSchema(SafeText({ max: 10, visible: true })) as { pattern: string }).pattern, 'u');
    for (let unit = 0; unit <= 0xffff; unit++) {
      const surrogate = unit >= 0xd800 && unit <= 0xdfff;
      for (const text of [`a${String.fromCharCode(unit)}`, ` ${String.fromCharCode(unit)}\t`]) {
        const takes = (schema: z.ZodType) => schema.safeParse(text).success;
        expect(takes(SafeText({ max: 10 })), `U+${unit.toString(16)}`).toBe(unsafeTextReason(text) === undefined);
        if (surrogate) continue;
        expect(safe.test(text), `U+${unit.toString(16)}`).toBe(takes(SafeText({ max: 10 })));
        expect(visible.test(text), `U+${unit.toString(16)}`).toBe(takes(SafeText({ max: 10, visible: true })));
      }
    }
    for (const blank of ['', ' ', '\t\n\r', '\u00a0\u2003\u3000\ufeff']) expect(visible.test(blank)).toBe(false);
    expect(hasNoLoneSurrogate('\ud83d x \ude00')).toBe(false);
    expect(hasNoLoneSurrogate('🚀 \ud83d\ude00')).toBe(true);
  });

  it('refuses a blank message text and an empty one, once each', () => {
    expect(failures(UserMessageSchema, { messageId: 'm', text: ' \n\t\u00a0' })).toEqual([
      { path: 'text', message: 'must contain a character other than whitespace' },
    ]);
    expect(failures(UserMessageSchema, { messageId: 'm', text: '' })).toHaveLength(1);
  });

  it('checks every text of a handoff request, reporting each failing path', () => {
    const request = {
      conversationId: 'c\u0000',
      channel: 'web\u0007',
      user: { id: 'u', name: '\ud800', attributes: { ok: 'fine', list: ['x', 'y\u0000'] } },
      issue: { lastUtterance: '   ', details: 'd\u0008' },
      transcript: [
        { from: 'bot', text: 'ok' },
        { from: 'user', text: 'bad\u001f' },
      ],
      resultsPresented: [{ title: '\t', snippet: 's\udfff' }],
      callbackUrl: 'https://bot.example.com/\u0000',
    };
    expect(failures(HandoffRequestSchema, request).map((issue) => issue.path)).toEqual([
      'conversationId',
      'channel',
      'user.name',
      'user.attributes.list.1',
      'issue.lastUtterance',
      'issue.details',
      'transcript.1.text',
      'resultsPresented.0.title',
      'resultsPresented.0.snippet',
      'callbackUrl',
    ]);
  });
});

describe('URL fields', () => {
  it('state their scheme in the document as the API checks it', () => {
    const callback = SafeUrl({ max: 2_000, web: true });
    const documented = new RegExp((z.toJSONSchema(callback) as { pattern: string }).pattern, 'u');
    for (const url of ['https://bot.example.com/cb?x=1', 'HTTP://bot', 'HTTP://', 'http:// x', 'ftp://bot', 'bot.example.com', 'http://bot/\u0000']) {
      expect(documented.test(url), url).toBe(callback.safeParse(url).success);
    }
    const link = SafeUrl({ max: 2_000 });
    const linkPattern = new RegExp((z.toJSONSchema(link) as { pattern: string }).pattern, 'u');
    for (const url of ['https://kb.example.com/a', 'mailto:help@example.com', '0000', 'kb.example.com/a']) {
      expect(linkPattern.test(url), url).toBe(link.safeParse(url).success);
    }
  });
});

describe('free-form JSON objects', () => {
  const nested = (levels: number, leaf: unknown = 1) => {
    let value = leaf;
    for (let level = levels - 1; level >= 0; level--) value = level % 2 ? [value] : { a: value };
    return value;
  };
  const schema = JsonObject({ maxDepth: 5 });

  it('counts the object itself as the first level, lists as levels too', () => {
    expect(failures(schema, nested(5))).toEqual([]);
    expect(failures(schema, nested(6))).toEqual([{ path: '(body)', message: 'is nested deeper than 5 levels of objects and lists' }]);
  });

  it('stops at the limit, however deep the value goes', () => {
    const started = performance.now();
    expect(failures(schema, nested(100_000))).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(200);
  });

  it('checks keys and texts at any depth, and reports at most maxIssues', () => {
    expect(failures(schema, { a: { 'b\u0000': 'x', c: ['\ud800'] } })).toEqual([
      { path: 'a', message: expect.stringMatching(/^has a key that contains the control character U\+0000/) },
      { path: 'a.c.0', message: expect.stringMatching(/lone UTF-16 surrogate/) },
    ]);
    expect(failures(JsonObject({ maxDepth: 5, maxIssues: 3 }), Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, '\u0000'])))).toHaveLength(3);
  });
});

describe('the transcript query', () => {
  it('takes decimal digits up to 2^53-1, and nothing else', () => {
    expect(TranscriptQuerySchema.parse({})).toEqual({ after: 0, limit: 500 });
    expect(TranscriptQuerySchema.parse({ after: '9007199254740991' })).toEqual({ after: Number.MAX_SAFE_INTEGER, limit: 500 });
    for (const after of ['9007199254740992', '99999999999999999999', '-1', '1e3', '0x1f', '1.0', ' 1', '']) {
      expect(failures(TranscriptQuerySchema, { after }), String(after)).toEqual([
        { path: 'after', message: `must be a whole number from 0 to ${Number.MAX_SAFE_INTEGER}` },
      ]);
    }
    expect(failures(TranscriptQuerySchema, { after: ['1', '2'] }).map((issue) => issue.path)).toEqual(['after']);
  });

  it('takes a page size from 1 to 1,000', () => {
    expect(TranscriptQuerySchema.parse({ limit: '1' })).toEqual({ after: 0, limit: 1 });
    expect(TranscriptQuerySchema.parse({ limit: '1000' })).toEqual({ after: 0, limit: 1_000 });
    for (const limit of ['0', '1001', '-1', '1e2', 'ten', '']) {
      expect(failures(TranscriptQuerySchema, { limit }), limit).toEqual([{ path: 'limit', message: 'must be a whole number from 1 to 1000' }]);
    }
  });
});

describe('UTF-8 checking of raw bodies', () => {
  it('finds the first byte that breaks UTF-8, and none in well-formed text', () => {
    expect(firstInvalidUtf8Byte(Buffer.from('{"a":"Café 🚀 €"}'))).toBe(-1);
    expect(firstInvalidUtf8Byte(Buffer.from('Caf\xe9', 'latin1'))).toBe(3);
    expect(firstInvalidUtf8Byte(Buffer.from([0x61, 0xe2, 0x82]))).toBe(1);
    expect(firstInvalidUtf8Byte(Buffer.from([0xc0, 0xaf]))).toBe(0); // overlong "/"
    expect(firstInvalidUtf8Byte(Buffer.from([0x61, 0xed, 0xa0, 0x80]))).toBe(1); // an encoded surrogate
    expect(firstInvalidUtf8Byte(Buffer.from([0xf4, 0x90, 0x80, 0x80]))).toBe(0); // above U+10FFFF
    expect(firstInvalidUtf8Byte(Buffer.from([0x80]))).toBe(0);
  });
});
