import { definePlatform } from '../define';
import { localDeskConnector } from './connector';
import { LocalDeskOptionsSchema } from './options';
import { localDeskWebhook } from './webhook';

export const localDesk = definePlatform({
  id: 'local-desk',
  modes: ['url', 'api', 'broker'],
  capabilities: { userTyping: true, agentTyping: true, dropsRepeatedUserMessages: true },
  options: LocalDeskOptionsSchema,
  // A url handoff sends the user to the desk's chat page, which starts its own chat.
  optionModes: { queue: ['api', 'broker'] },
  connector: ({ localDesk }) => localDeskConnector(localDesk),
  webhook: ({ localDesk }) => localDeskWebhook(localDesk.secret),
  docs: {
    label: '`local-desk` (built in)',
    configurationKeys: '`platformOptions.queue`',
    checkedAgainst: 'this repository (`desk/`)',
  },
});
