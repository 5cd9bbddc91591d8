/**
 * The desk's cookies: httpOnly, `SameSite=Strict`, limited to `/desk`, and `Secure` when the
 * desk's public URL is https. An agent's session is one cookie; a user has one per chat joined.
 */
import { parse, serialize } from 'cookie';
import type { Request, Response } from 'express';

export const AGENT_COOKIE = 'handoff_desk_session';
/** The visitor's cookie of a chat; chat ids are UUIDs, which a cookie name may hold. */
export const visitorCookieName = (chatId: string) => `handoff_visitor_${chatId}`;

export interface CookieJar {
  read(req: Request, name: string): string | undefined;
  set(res: Response, name: string, value: string, expiresAt: number): void;
  clear(res: Response, name: string): void;
}

export function deskCookies({ path, secure }: { path: string; secure: boolean }): CookieJar {
  const attributes = { httpOnly: true, sameSite: 'strict' as const, path, secure };
  return {
    read(req, name) {
      const header = req.header('cookie');
      return header ? parse(header)[name] : undefined;
    },
    set(res, name, value, expiresAt) {
      res.append('set-cookie', serialize(name, value, { ...attributes, expires: new Date(expiresAt) }));
    },
    clear(res, name) {
      res.append('set-cookie', serialize(name, '', { ...attributes, expires: new Date(0) }));
    },
  };
}
