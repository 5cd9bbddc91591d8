import type { GenericUrlOptions } from './options';
import type { HandoffContext, PlatformConnector } from '../connector';
import { redirectUrlWithin } from '../shared/redirect-url';
import { renderTemplate } from '../shared/url-template';

/** Any chat page reachable by a URL: the configured template, every value URL-encoded. */
export function genericUrlConnector(platform = 'generic-url'): PlatformConnector<GenericUrlOptions, 'url'> {
  return {
    url: {
      async buildRedirectUrl(context: HandoffContext<GenericUrlOptions>): Promise<string> {
        const { options } = context;
        return redirectUrlWithin(
          context,
          platform,
          options.maxUrlLength,
          (values) => new URL(renderTemplate(options.urlTemplate, values, { encode: encodeURIComponent })).href,
        );
      },
    },
  };
}
