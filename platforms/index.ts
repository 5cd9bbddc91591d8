/**
 * The one list of platforms: adding a platform is its folder and one line here. Everything else
 * (configuration schema, connectors, webhooks, OpenAPI, the table of docs/platforms.md) is derived
 * from it.
 */
import { z } from 'zod';
import { eightByEight } from './8x8';
import { amazonConnect } from './amazon-connect';
import { beyondTrust } from './beyondtrust';
import type { Platform } from './define';
import { five9 } from './five9';
import { genericApiPlatforms } from './generic-api';
import { genericUrlPlatforms } from './generic-url';
import { glia } from './glia';
import { inContact } from './incontact';
import { localDesk } from './local-desk';
import { serviceNowPlatforms } from './servicenow';

export const PLATFORMS: readonly Platform[] = [
  localDesk,
  ...serviceNowPlatforms,
  amazonConnect,
  glia,
  eightByEight,
  beyondTrust,
  five9,
  inContact,
  ...genericUrlPlatforms,
  ...genericApiPlatforms,
];

const byId = new Map(PLATFORMS.map((platform) => [platform.id, platform]));

export const PlatformIdSchema = z.enum(PLATFORMS.map((platform) => platform.id) as [string, ...string[]]);

/** The platform with this id; ids come from validated configuration, so an unknown one is a programming error. */
export function platformById(id: string): Platform {
  const platform = byId.get(id);
  if (!platform) throw new Error(`no platform "${id}" is registered in platforms/index.ts`);
  return platform;
}

export function findPlatform(id: string): Platform | undefined {
  return byId.get(id);
}
