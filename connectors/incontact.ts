import type { InContactOptions } from '../config/platforms/incontact';
import type { HandoffContext, PlatformConnector } from './connector';
import { withQuery } from './query-string';
import { redirectUrlWithin } from './redirect-url';
import { renderTemplate } from './url-template';

/** NICE inContact's chat client, with the user's values in the `P1`..`P4` parameters. */
export function inContactConnector(): PlatformConnector {
  return {
    async buildRedirectUrl(context: HandoffContext): Promise<string> {
      const options = context.profile.platformOptions as InContactOptions;
      return redirectUrlWithin(context, 'inContact', options.maxUrlLength, (values) =>
        withQuery(options.chatClientUrl, [
          ['poc', options.pointOfContact],
          ['bu', options.businessUnit],
          ...Object.entries(options.parameters).map(([name, template]) => [name, renderTemplate(template!, values)] as const),
        ]),
      );
    },
  };
}
