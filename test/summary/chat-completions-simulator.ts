/**
 * A model server speaking the chat-completions API (`POST /v1/chat/completions`) as OpenAI documents
 * it, and as vLLM, Ollama and LiteLLM serve it: a Bearer key, a known `model`, non-empty `messages`
 * of known roles with text content; errors in OpenAI's `{ error: { message, type, code } }` shape.
 * Each model behaves its own way: `summarizer` answers, `broken` answers 500, `slow` never
 * answers, `careful` refuses.
 */
import express, { type Express } from 'express';
import { HttpSimulator } from '../support/http-simulator';

export const SIMULATED_SUMMARY = 'Situation: the VPN drops (model)\nTried: a KB article\nAsk: a working VPN';

const ROLES = new Set(['system', 'developer', 'user', 'assistant', 'tool']);
const MODELS = new Set(['summarizer', 'broken', 'slow', 'careful']);

export interface CompletionRequest {
  authorization?: string;
  body: { model: string; messages: Array<{ role: string; content: string }>; temperature?: number };
}

export class ChatCompletionsSimulator extends HttpSimulator {
  protected override readonly basePath = '/v1';
  readonly requests: CompletionRequest[] = [];

  constructor(private readonly apiKey: string) {
    super();
  }

  protected routes(app: Express): void {
    app.use(express.json({ limit: '1mb' }));
    app.post('/v1/chat/completions', (req, res) => {
      const fail = (status: number, message: string, type: string, code: string | null) =>
        res.status(status).json({ error: { message, type, param: null, code } });
      if (req.header('authorization') !== `Bearer ${this.apiKey}`) return fail(401, 'Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key');
      const body = req.body as CompletionRequest['body'];
      if (typeof body?.model !== 'string') return fail(400, 'you must provide a model parameter', 'invalid_request_error', null);
      if (!Array.isArray(body.messages) || body.messages.length === 0) return fail(400, "'messages' must be a non-empty array", 'invalid_request_error', null);
      if (body.messages.some((m) => !ROLES.has(m?.role) || typeof m.content !== 'string'))
        return fail(400, "each message needs a known 'role' and text 'content'", 'invalid_request_error', null);
      if (!MODELS.has(body.model)) return fail(404, `The model \`${body.model}\` does not exist`, 'invalid_request_error', 'model_not_found');
      this.requests.push({ ...(req.header('authorization') && { authorization: req.header('authorization') }), body });
      if (body.model === 'slow') return; // never answers: the caller's time limit must end it
      if (body.model === 'broken') return fail(500, 'The server had an error while processing your request.', 'server_error', null);
      const refusal = body.model === 'careful' ? 'I cannot help with that.' : null;
      res.json({
        id: `chatcmpl-${this.requests.length}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: body.model,
        choices: [{ index: 0, message: { role: 'assistant', content: refusal ? null : SIMULATED_SUMMARY, refusal }, logprobs: null, finish_reason: 'stop' }],
        usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
      });
    });
  }
}
