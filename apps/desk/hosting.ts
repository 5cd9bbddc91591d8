/**
 * How the API process hosts the local desk: only when a profile needs it, under `/desk`, with the
 * limits its sign-in, its chat page and its feeds need in front of its own routes.
 */
import path from 'node:path';
import { Router } from 'express';
import type { HostedApp } from '../../api/hosted-app';
import { signInLimits, visitorChatLimit } from '../../api/rate-limits';
import { streamLimit } from '../../api/stream-limit';
import { webhookPathOf } from '../../api/webhook-pipeline';
import type { AttachmentLimits } from '../../attachments/intake';
import type { AgentCredentials } from '../../contracts/desk-agent';
import type { EdgeLimits } from '../../config/edge-settings';
import type { LoadedConfig, LoadedProfile } from '../../config/load';
import { localDesk } from '../../platforms/local-desk';
import { LocalDeskOptionsSchema } from '../../platforms/local-desk/options';
import { createLocalDesk, type LocalDesk } from '.';
import { DESK_FILE_NAME } from './database';
import type { DeskOpeningHours } from './opening-hours';

export const DESK_PATH = '/desk';

export interface DeskHosting {
  config: LoadedConfig;
  /** Where people and the platforms' webhooks reach this API. */
  publicUrl: string;
  /** Where the worker reaches the desk (`LOCAL_DESK_URL`). */
  deskUrl: string;
  /** The desk's SQLite file lives here. */
  dataDir: string;
  /** Signs what the desk and the worker send each other (`LOCAL_DESK_SECRET`). */
  secret: string;
  limits: EdgeLimits;
  /** The agent from `HANDOFF_DESK_AGENT`, and its join links' lifetime. */
  desk?: { agent?: AgentCredentials; joinLinkTtlMs?: number };
  temporalUiLink: (handoffId: string) => string;
  log: (message: string, context: object) => void;
  /** What serves the desk's own routes instead of its router (the bench records arrivals there). */
  router?: (desk: LocalDesk) => Router;
}

/** Whether a profile needs the desk: it hands over to the desk, or keeps its tickets in the desk's store. */
export function deskNeededBy(config: LoadedConfig): boolean {
  return [...config.profiles.values()].some((profile) => profile.platform === localDesk.id || filesLocalTickets(profile));
}

function filesLocalTickets(profile: LoadedProfile): boolean {
  return profile.ticketing.system === 'local' && (profile.fileTicket || (profile.fallback?.includes('ticket') ?? false));
}

/** The desk, and what the API mounts of it. */
export function hostLocalDesk(options: DeskHosting): { desk: LocalDesk; hosted: HostedApp } {
  const desk = createLocalDesk({
    filename: path.join(options.dataDir, DESK_FILE_NAME),
    secret: options.secret,
    publicUrl: options.publicUrl,
    ...options.desk,
    webhookUrl: () => `${options.publicUrl}${webhookPathOf(localDesk.id)}`,
    deskUrl: () => options.deskUrl,
    temporalUiLink: options.temporalUiLink,
    openingHours: openingHoursOf(options.config),
    attachmentLimits: attachmentLimitsOf(options.config),
    log: (message, context) => options.log(message, { component: 'desk', ...context }),
  });
  const { limits } = options;
  const router = Router();
  router.get(['/api/events', '/api/visitor/chats/:chatId/events'], streamLimit(limits.streamsPerAddress));
  router.post('/api/session', ...signInLimits(limits.signInsPerAddress, limits.signInsPerAddressAndName));
  router.post('/api/visitor/chats', visitorChatLimit(limits.visitorChats));
  router.use(options.router?.(desk) ?? desk.router);
  return { desk, hosted: { path: DESK_PATH, router } };
}

/** The hours of the profiles that queue on the desk, for its agents' page. */
function openingHoursOf(config: LoadedConfig): DeskOpeningHours[] {
  return desksProfiles(config).flatMap((profile) =>
    profile.hours ? [{ profile: profile.name, queue: LocalDeskOptionsSchema.parse(profile.platformOptions).queue, hours: profile.hours }] : [],
  );
}

/** The file limits of the profiles on the desk, by name: its agents' files are held to them. */
function attachmentLimitsOf(config: LoadedConfig): Map<string, AttachmentLimits> {
  return new Map(desksProfiles(config).map((profile) => [profile.name, profile.attachments] as const));
}

function desksProfiles(config: LoadedConfig): LoadedProfile[] {
  return [...config.profiles.values()].filter((profile) => profile.platform === localDesk.id);
}
