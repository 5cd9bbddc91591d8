import type { Five9Options } from './options';
import type { HandoffContext, PlatformConnector } from '../connector';
import { withQuery } from '../../lib/query-string';
import { redirectUrlWithin } from '../shared/redirect-url';
import { renderTemplate } from '../shared/url-template';

/** Five9's hosted chat console, started with the user's values in its `fields` JSON. */
export function five9Connector(): PlatformConnector<Five9Options, 'url'> {
  return {
    url: {
      async buildRedirectUrl(context: HandoffContext<Five9Options>): Promise<string> {
        const { options } = context;
        return redirectUrlWithin(context, 'Five9', options.maxUrlLength, (values) => {
          const fields = Object.fromEntries(
            Object.entries(options.fields)
              .map(([name, field]) => [name, { value: renderTemplate(field.value, values), show: field.show }] as const)
              .filter(([, field]) => field.value !== ''),
          );
          return withQuery(options.consoleUrl, [
            ['tenant', options.tenant],
            ['profiles', options.profiles],
            ['autostart', options.autostart ? 'true' : undefined],
            ['fields', JSON.stringify(fields)],
          ]);
        });
      },
    },
  };
}
