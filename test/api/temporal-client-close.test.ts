import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { closeApiClient, createApiClient } from '../../api/temporal-client';
import { generateEncryptionKeys, parseEncryptionKeys } from '../../codec/encryption-keys';

/** A port nothing listens on: every call fails UNAVAILABLE, which the client retries. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('closing the API client', () => {
  it('lets the retries already scheduled run, schedules no more, and throws nothing where nobody can catch it', async () => {
    const uncaught: unknown[] = [];
    const record = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', record);
    try {
      const client = createApiClient({
        address: `127.0.0.1:${await deadPort()}`,
        namespace: 'default',
        encryptionKeys: parseEncryptionKeys(generateEncryptionKeys()),
      });
      const calls = Array.from({ length: 5 }, () =>
        client.workflowService.getSystemInfo({}).then(
          () => 'answered',
          (error: Error) => error.message,
        ),
      );
      await new Promise((resolve) => setTimeout(resolve, 150));
      await closeApiClient(client);
      const outcomes = await Promise.all(calls);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(outcomes.every((outcome) => outcome !== 'answered')).toBe(true);
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtException', record);
    }
  });
});
