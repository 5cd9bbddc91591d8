/**
 * Reads the answer of BeyondTrust's `generate_session_key`. The element names are not confirmed by
 * the documentation, so both the XML form (`<session_key><short_key/><key_url/><expires/>`, or
 * `<error>`) and a JSON form (flat or under `session_key`, snake or camel case) are accepted, and
 * anything else is refused with what was missing.
 */
import { platformRejected } from '../../lib/failures';
import type { HttpAnswer } from '../../lib/http';
import { decodeXmlText, xmlElementText, xmlRootName, XmlShapeError } from '../../lib/xml-text';
import { isWebUrl } from '../../lib/web-url';

export interface SessionKey {
  shortKey: string;
  keyUrl: string;
  expires?: string;
}

const WHAT = 'BeyondTrust: generate_session_key';

export function readSessionKey(answer: Pick<HttpAnswer, 'text' | 'json'>): SessionKey {
  const found = answer.text.trimStart().startsWith('<') ? fromXml(answer.text) : fromJson(answer.json);
  if (!found.shortKey) throw platformRejected(`${WHAT}: the answer has no short_key`);
  if (!found.keyUrl) throw platformRejected(`${WHAT}: the answer has no key_url`);
  if (!isWebUrl(found.keyUrl)) throw platformRejected(`${WHAT}: key_url is not an http(s) URL: ${found.keyUrl.slice(0, 200)}`);
  return { shortKey: found.shortKey, keyUrl: found.keyUrl, ...(found.expires && { expires: found.expires }) };
}

/** A refusal's summary with an XML body replaced by the text of its `<error>`, for people to read. */
export function readableRefusal(summary: string): string {
  const start = summary.indexOf('<');
  if (start < 0) return summary;
  const error = /<(?:[\w.-]+:)?error\b[^>]*>([^<]*)/.exec(summary.slice(start))?.[1];
  let text: string;
  try {
    text = error === undefined ? '' : decodeXmlText(error).trim();
  } catch {
    text = error!.trim();
  }
  return text ? `${summary.slice(0, start).trimEnd()} ${text}` : summary.slice(0, start).trimEnd();
}

function fromXml(xml: string): Partial<SessionKey> {
  try {
    const root = xmlRootName(xml);
    if (root === 'error') throw platformRejected(`${WHAT}: ${xmlElementText(xml, 'error')?.trim() || 'refused without a message'}`);
    if (root !== 'session_key') throw platformRejected(`${WHAT}: expected a <session_key> answer, got ${root ? `<${root}>` : 'malformed XML'}`);
    return {
      shortKey: xmlElementText(xml, 'short_key')?.trim(),
      keyUrl: xmlElementText(xml, 'key_url')?.trim(),
      expires: xmlElementText(xml, 'expires')?.trim(),
    };
  } catch (error) {
    if (error instanceof XmlShapeError) throw platformRejected(`${WHAT}: unexpected XML answer: ${error.message}`);
    throw error;
  }
}

function fromJson(json: unknown): Partial<SessionKey> {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw platformRejected(`${WHAT}: the answer is neither XML nor a JSON object`);
  const body = json as Record<string, unknown>;
  if (body.error !== undefined) {
    const error = body.error as { message?: unknown } | string;
    throw platformRejected(`${WHAT}: ${typeof error === 'string' ? error : String(error.message ?? JSON.stringify(error))}`);
  }
  const key = (typeof body.session_key === 'object' && body.session_key !== null ? body.session_key : body) as Record<string, unknown>;
  const text = (...names: string[]) =>
    names
      .map((n) => key[n])
      .find((v) => typeof v === 'string' || typeof v === 'number')
      ?.toString();
  return { shortKey: text('short_key', 'shortKey'), keyUrl: text('key_url', 'keyUrl'), expires: text('expires', 'expiresAt') };
}
