import type { HandoffContext, UrlConnector } from '../connector';
import { withQuery } from '../../lib/query-string';
import { redirectUrlWithin } from '../shared/redirect-url';
import { renderTemplate } from '../shared/url-template';
import type { ServiceNowDeepLinkOptions } from './options';

/**
 * ServiceNow's Virtual Agent web client deep link (`/$sn-va-web-client-app.do`), used by
 * `servicenow`, `servicenow-connect-chat` and `servicenow-awa`: the user lands in a chat that asks
 * for a live agent at once, with the last utterance as search text and `sysparm_` context.
 */
export function serviceNowDeepLinkConnector<Options extends ServiceNowDeepLinkOptions>(): UrlConnector<Options> {
  return {
    async buildRedirectUrl(context: HandoffContext<Options>): Promise<string> {
      const { options } = context;
      const language = context.request.user.locale ?? options.language;
      return redirectUrlWithin(context, 'ServiceNow', options.maxUrlLength, (values) =>
        withQuery(`${options.instanceUrl}/$sn-va-web-client-app.do`, [
          ['sysparm_live_agent_only', options.liveAgentOnly ? 'true' : undefined],
          ['sysparm_search_text', values.lastUtterance],
          ['sysparm_short_description', renderTemplate(options.shortDescription, values)],
          ['sysparm_liveagent_queue', options.queue],
          ['sysparm_liveagent_application', options.application],
          ['sysparm_portal', options.portal],
          ['sysparm_branding_key', options.brandingKey],
          ['sysparm_skip_load_history', options.skipLoadHistory ? 'true' : undefined],
          ['sysparm_requester_session_language', language],
          ...Object.entries(options.vaContext).map(([name, template]) => [`sysparm_${name}`, renderTemplate(template, values)] as const),
        ]),
      );
    },
  };
}
