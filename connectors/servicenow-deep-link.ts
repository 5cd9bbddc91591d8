import type { ServiceNowDeepLinkOptions } from '../config/platforms/servicenow';
import type { HandoffContext, PlatformConnector } from './connector';
import { withQuery } from './query-string';
import { redirectUrlWithin } from './redirect-url';
import { renderTemplate } from './url-template';

/**
 * ServiceNow's Virtual Agent web client deep link (`/$sn-va-web-client-app.do`), used by
 * `servicenow`, `servicenow-connect-chat` and `servicenow-awa`: the user lands in a chat that asks
 * for a live agent at once, with the last utterance as search text and `sysparm_` context.
 */
export function serviceNowDeepLinkConnector(): PlatformConnector {
  return {
    async buildRedirectUrl(context: HandoffContext): Promise<string> {
      const options = context.profile.platformOptions as ServiceNowDeepLinkOptions;
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
