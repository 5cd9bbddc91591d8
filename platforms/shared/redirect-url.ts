import type { HandoffContext } from '../connector';
import { platformRejected } from '../../lib/failures';
import { buildWithFittingUtterance } from '../../lib/fit-utterance';
import { placeholderValues, type PlaceholderValues } from './url-template';

/**
 * Builds a platform's redirect URL with as much of the last utterance as fits in `maxUrlLength`
 * (cut on a character boundary); every other value travels whole.
 */
export function redirectUrlWithin(
  context: HandoffContext<unknown>,
  platform: string,
  maxUrlLength: number,
  build: (values: PlaceholderValues) => string,
): string {
  const url = buildWithFittingUtterance(
    context.request.issue.lastUtterance,
    (cut) => build(placeholderValues(context, cut)),
    (candidate) => candidate.length <= maxUrlLength,
  );
  if (url === undefined) {
    throw platformRejected(`${platform}: the redirect URL is longer than ${maxUrlLength} characters even without the last utterance`);
  }
  return url;
}
