import { definePlatform } from '../define';
import { localDeskConnector } from './connector';
import { LocalDeskOptionsSchema } from './options';
import { localDeskWebhook } from './webhook';

export const localDesk = definePlatform({
  id: 'local-desk',
  modes: ['url', 'api', 'broker'],
  capabilities: { userTyping: true, agentTyping: true, dropsRepeatedUserMessages: true },
  options: LocalDeskOptionsSchema,
  connector: ({ localDesk }) => localDeskConnector(localDesk),
  webhook: ({ localDesk }) => localDeskWebhook(localDesk.secret),
  docs: {
    label: '`local-desk` (built in)',
    configurationKeys: '`platformOptions.queue`',
    checkedAgainst: 'this repository (`desk/`)',
  },
});
