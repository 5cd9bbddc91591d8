import type { Five9Options } from '../config/platforms/five9';
import type { HandoffContext, PlatformConnector } from './connector';
import { withQuery } from './query-string';
import { redirectUrlWithin } from './redirect-url';
import { renderTemplate } from './url-template';

/** Five9's hosted chat console, started with the user's values in its `fields` JSON. */
export function five9Connector(): PlatformConnector {
  return {
    async buildRedirectUrl(context: HandoffContext): Promise<string> {
      const options = context.profile.platformOptions as Five9Options;
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
  };
}
