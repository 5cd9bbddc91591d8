import { definePlatform } from '../define';
import { inContactConnector } from './connector';
import { InContactOptionsSchema } from './options';

/** NICE inContact's chat client (url mode). */
export const inContact = definePlatform({
  id: 'incontact',
  name: 'inContact',
  modes: ['url'],
  options: InContactOptionsSchema,
  connector: () => inContactConnector(),
  docs: {
    configurationKeys: '`platformOptions.{chatClientUrl, pointOfContact, businessUnit, parameters.{P1..P4}, maxUrlLength}`',
    checkedAgainst: 'public examples only',
  },
});
