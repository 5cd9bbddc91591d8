/**
 * The local desk's callback list: a user's callback request (fallback `callback`) goes to
 * `POST /desk/api/integration/callbacks`, keyed by the handoff's chain, so a retried activity adds it once.
 */
import type { CallbackRequest } from '../../contracts/fallback';
import { platformRejected } from '../../lib/failures';
import { callHttp } from '../../lib/http';
import type { CallbackList, HandoffContext } from '../connector';
import type { LocalDeskOptions } from './options';

export function localDeskCallbacks({ deskUrl, secret }: { deskUrl: string; secret: string }): CallbackList<LocalDeskOptions> {
  return {
    async add(context: HandoffContext<LocalDeskOptions>, callback: CallbackRequest): Promise<void> {
      const { id, name, email, department } = context.request.user;
      await callHttp(
        `${deskUrl}/api/integration/callbacks`,
        {
          method: 'POST',
          headers: { 'x-desk-secret': secret },
          body: {
            idempotencyKey: context.chainId,
            handoffId: context.handoffId,
            phone: callback.phone,
            when: callback.when,
            note: callback.note,
            user: { id, name, email, department },
            ticketNumber: context.ticket?.number,
          },
        },
        platformRejected,
        'local desk: add a callback',
      );
    },
  };
}
