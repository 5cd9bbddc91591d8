import { definePlatform } from '../define';
import { five9Connector } from './connector';
import { Five9OptionsSchema } from './options';

/** Five9's hosted chat console (url mode). */
export const five9 = definePlatform({
  id: 'five9',
  name: 'Five9',
  modes: ['url'],
  options: Five9OptionsSchema,
  connector: () => five9Connector(),
  docs: {
    configurationKeys: '`platformOptions.{tenant, profiles, consoleUrl, autostart, fields, maxUrlLength}`',
    checkedAgainst: 'public examples only (the chat console URL and its `fields` JSON); the `Question` field name is an assumption',
  },
});
