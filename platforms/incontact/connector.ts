import type { InContactOptions } from './options';
import type { HandoffContext, PlatformConnector } from '../connector';
import { withQuery } from '../../lib/query-string';
import { redirectUrlWithin } from '../shared/redirect-url';
import { renderTemplate } from '../shared/url-template';

/** NICE inContact's chat client, with the user's values in the `P1`..`P4` parameters. */
export function inContactConnector(): PlatformConnector<InContactOptions, 'url'> {
  return {
    url: {
      async buildRedirectUrl(context: HandoffContext<InContactOptions>): Promise<string> {
        const { options } = context;
        return redirectUrlWithin(context, 'inContact', options.maxUrlLength, (values) =>
          withQuery(options.chatClientUrl, [
            ['poc', options.pointOfContact],
            ['bu', options.businessUnit],
            ...Object.entries(options.parameters).map(([name, template]) => [name, renderTemplate(template!, values)] as const),
          ]),
        );
      },
    },
  };
}
