import helmet from 'helmet';
import type { RequestHandler } from 'express';

/**
 * Security headers on every answer: pages, API answers and errors alike (helmet's defaults:
 * nosniff, frame-ancestors and X-Frame-Options, no referrer across origins, HSTS where served over
 * https, …). The pages load only their own bundle, style sheet and event streams from this origin
 * (apps/web/page-assets.ts), so the policy allows nothing else: no inline script or style, no other
 * origin, no `data:` URL. `upgrade-insecure-requests` is left out: the embedded default serves
 * plain http, and a page reached over http on the network would otherwise ask for its own assets
 * over https.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'"],
        // helmet's defaults allow fonts from any https origin, and data: fonts and images: no page uses them.
        'font-src': ["'self'"],
        'img-src': ["'self'"],
        'connect-src': ["'self'"],
        'object-src': ["'none'"],
        'base-uri': ["'none'"],
        'upgrade-insecure-requests': null,
      },
    },
  }) as RequestHandler;
}
