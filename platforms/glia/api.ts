/**
 * Calls to Glia's operator API with a bearer token from `GliaTokens`: a token Glia refuses (401) is
 * forgotten and the call made once more with a fresh one. Shared by the connector and the
 * availability probe.
 */
import { ApplicationFailure } from '@temporalio/common';
import { platformRejected } from '../../lib/failures';
import { callHttp, type HttpAnswer, type JsonRequest } from '../../lib/http';
import { resolveSecret } from '../../lib/secret-ref';
import type { GliaOptions } from './options';
import { GLIA_ACCEPT, GliaTokens } from './token';

export type GliaCall = (options: GliaOptions, path: string, request: JsonRequest, what: string) => Promise<HttpAnswer>;

export function gliaCaller(env: NodeJS.ProcessEnv, tokens = new GliaTokens()): GliaCall {
  return async (options, path, request, what) => {
    const apiKeyId = resolveSecret(options.apiKeyId, env);
    const attempt = async () => {
      const token = await tokens.token(options.baseUrl, apiKeyId, resolveSecret(options.apiKeySecret, env));
      return callHttp(`${options.baseUrl}${path}`, { ...request, headers: { accept: GLIA_ACCEPT, authorization: `Bearer ${token}` } }, platformRejected, what);
    };
    try {
      return await attempt();
    } catch (error) {
      if (gliaStatusOf(error) !== 401) throw error;
      tokens.forget(options.baseUrl, apiKeyId);
      return attempt();
    }
  };
}

/** The HTTP status of a refusal `callHttp` sorted as PlatformRejected. */
export function gliaStatusOf(error: unknown): number | undefined {
  return error instanceof ApplicationFailure ? (error.details?.[0] as { status?: number } | undefined)?.status : undefined;
}
