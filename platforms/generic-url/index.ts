import { definePlatform } from '../define';
import { genericUrlConnector } from './connector';
import { GenericUrlOptionsSchema } from './options';

/** `generic-url`, and the platforms it serves under their own names (`compucom`, `intrasee`): one URL template. */
const genericUrlPlatform = (id: string, name?: string) =>
  definePlatform({
    id,
    ...(name && { name }),
    modes: ['url'],
    options: GenericUrlOptionsSchema,
    connector: () => genericUrlConnector(id),
    docs: {
      configurationKeys: '`platformOptions.{urlTemplate, maxUrlLength}`',
      checkedAgainst: 'nothing public (unknown): the whole URL is a configured template',
    },
  });

export const genericUrlPlatforms = [genericUrlPlatform('generic-url'), genericUrlPlatform('compucom', 'CompuCom'), genericUrlPlatform('intrasee', 'IntraSee')];
