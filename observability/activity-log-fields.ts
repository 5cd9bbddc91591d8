/**
 * Binds an activity's handoff and platform to its log lines (its own `log.*` and the SDK's
 * "Activity failed"), from its input: every handoff activity takes `handoffId` and `profile`, also
 * those of the end-chat workflow, whose workflow id is not the handoff's. The workflow's own ids
 * come from the activity's info (worker/log-line.ts).
 */
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import type { LogFields } from './log-fields';

/** `platformOfProfile`: the platform of a configured profile; undefined for one the configuration does not have. */
export function activityLogFields(platformOfProfile: (profile: string) => string | undefined): ActivityInterceptorsFactory {
  return () => {
    let fields: LogFields = {};
    return {
      inbound: {
        execute(input, next) {
          fields = logFieldsOfInput(input.args[0], platformOfProfile);
          return next(input);
        },
      },
      outbound: {
        getLogAttributes(attributes, next) {
          return next({ ...attributes, ...fields });
        },
      },
    };
  };
}

export function logFieldsOfInput(input: unknown, platformOfProfile: (profile: string) => string | undefined): LogFields {
  if (typeof input !== 'object' || input === null) return {};
  const { handoffId, profile } = input as { handoffId?: unknown; profile?: unknown };
  const platform = typeof profile === 'string' ? platformOfProfile(profile) : undefined;
  return { ...(typeof handoffId === 'string' && { handoffId }), ...(platform && { platform }) };
}
