import type { GenericUrlOptions } from '../config/platforms/generic-url';
import type { HandoffContext, PlatformConnector } from './connector';
import { redirectUrlWithin } from './redirect-url';
import { renderTemplate } from './url-template';

/** Any chat page reachable by a URL: the configured template, every value URL-encoded. */
export function genericUrlConnector(platform = 'generic-url'): PlatformConnector {
  return {
    async buildRedirectUrl(context: HandoffContext): Promise<string> {
      const options = context.profile.platformOptions as GenericUrlOptions;
      return redirectUrlWithin(context, platform, options.maxUrlLength, (values) =>
        new URL(renderTemplate(options.urlTemplate, values, { encode: encodeURIComponent })).href,
      );
    },
  };
}
