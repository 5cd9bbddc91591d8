import { z } from 'zod';

/**
 * What Handoff reads of a chat-completions answer (`POST {baseUrl}/chat/completions`, the API that
 * OpenAI, Azure OpenAI's v1 API, vLLM, Ollama and LiteLLM speak): the first choice's text, or its
 * refusal. Anything else in the answer is the server's own.
 */
export const ChatCompletionSchema = z.object({
  choices: z
    .array(
      z.object({
        message: z.object({ content: z.string().nullable().optional(), refusal: z.string().nullable().optional() }),
        finish_reason: z.string().nullable().optional(),
      }),
    )
    .min(1),
});
export type ChatCompletion = z.infer<typeof ChatCompletionSchema>;
