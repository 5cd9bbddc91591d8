import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { readableRefusal, readSessionKey } from '../session-key-answer';

const xml = (body: string) => ({ text: `<?xml version="1.0" encoding="UTF-8"?>\n${body}`, json: undefined });
const json = (body: unknown) => ({ text: JSON.stringify(body), json: body });

function refusal(answer: { text: string; json: unknown }): ApplicationFailure {
  try {
    readSessionKey(answer);
  } catch (error) {
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect((error as ApplicationFailure).type).toBe('PlatformRejected');
    expect((error as ApplicationFailure).nonRetryable).toBe(true);
    return error as ApplicationFailure;
  }
  throw new Error('expected a refusal');
}

describe('reading generate_session_key answers', () => {
  it('reads the XML form, namespace, prefixes, entities and CDATA included', () => {
    expect(
      readSessionKey(
        xml(
          '<session_key type="support" xmlns="http://www.beyondtrust.com/sra/namespaces/API/command"><expires timestamp="1">2030-01-01T00:00:00Z</expires>' +
            '<short_key>1234567</short_key><key_url>https://support.example.com/?ak=1234567&amp;portal=1</key_url></session_key>',
        ),
      ),
    ).toEqual({ shortKey: '1234567', keyUrl: 'https://support.example.com/?ak=1234567&portal=1', expires: '2030-01-01T00:00:00Z' });
    expect(
      readSessionKey(
        xml('<ns:session_key xmlns:ns="x"><ns:short_key> 42 </ns:short_key><ns:key_url><![CDATA[https://s.example/?a=1&b=2]]></ns:key_url></ns:session_key>'),
      ),
    ).toEqual({
      shortKey: '42',
      keyUrl: 'https://s.example/?a=1&b=2',
    });
  });

  it('reads the JSON form, flat or under session_key, in snake or camel case', () => {
    const expected = { shortKey: '7', keyUrl: 'https://s.example/k/7' };
    expect(readSessionKey(json({ session_key: { short_key: 7, key_url: 'https://s.example/k/7' } }))).toEqual(expected);
    expect(readSessionKey(json({ shortKey: '7', keyUrl: 'https://s.example/k/7' }))).toEqual(expected);
  });

  it.each([
    [
      'an <error> answer',
      xml('<error xmlns="x">Invalid queue_id: team:9 &amp; more</error>'),
      'BeyondTrust: generate_session_key: Invalid queue_id: team:9 & more',
    ],
    ['a JSON error', json({ error: { message: 'queue closed' } }), 'BeyondTrust: generate_session_key: queue closed'],
    ['an unexpected root', xml('<result>ok</result>'), 'BeyondTrust: generate_session_key: expected a <session_key> answer, got <result>'],
    ['no key_url', xml('<session_key><short_key>1</short_key></session_key>'), 'BeyondTrust: generate_session_key: the answer has no key_url'],
    ['no short_key', json({ key_url: 'https://s.example/' }), 'BeyondTrust: generate_session_key: the answer has no short_key'],
    [
      'a key_url that is not a web URL',
      xml('<session_key><short_key>1</short_key><key_url>javascript:alert(1)</key_url></session_key>'),
      'BeyondTrust: generate_session_key: key_url is not an http(s) URL: javascript:alert(1)',
    ],
    [
      'a repeated element',
      xml('<session_key><short_key>1</short_key><short_key>2</short_key><key_url>https://s.example/</key_url></session_key>'),
      'BeyondTrust: generate_session_key: unexpected XML answer: <short_key> occurs 2 times',
    ],
    [
      'markup inside a value',
      xml('<session_key><short_key><b>1</b></short_key><key_url>https://s.example/</key_url></session_key>'),
      'BeyondTrust: generate_session_key: unexpected XML answer: <short_key> holds markup, not text',
    ],
    [
      'an unknown entity',
      xml('<session_key><short_key>1&nbsp;</short_key><key_url>https://s.example/</key_url></session_key>'),
      'BeyondTrust: generate_session_key: unexpected XML answer: unknown XML entity &nbsp;',
    ],
    ['neither XML nor JSON', { text: 'OK', json: undefined }, 'BeyondTrust: generate_session_key: the answer is neither XML nor a JSON object'],
  ])('refuses %s with a message a person can read', (_what, answer, message) => {
    expect(refusal(answer).message).toBe(message);
  });

  it('turns an XML refusal body into its error text', () => {
    expect(readableRefusal('BeyondTrust: generate_session_key: HTTP 403 <?xml version="1.0"?>\n<error xmlns="x">Not &quot;allowed&quot;</error>')).toBe(
      'BeyondTrust: generate_session_key: HTTP 403 Not "allowed"',
    );
    expect(readableRefusal('BeyondTrust: generate_session_key: HTTP 400 {"error":"x"}')).toBe('BeyondTrust: generate_session_key: HTTP 400 {"error":"x"}');
  });
});
