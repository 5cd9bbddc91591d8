import type { Router } from 'express';

/**
 * An app the API process hosts beside the bot's API (the local desk, the bot demo): its pages, its
 * routes and the limits in front of them, all in one router under one path. The API knows none of
 * its paths; the app registers them.
 */
export interface HostedApp {
  path: `/${string}`;
  router: Router;
}
