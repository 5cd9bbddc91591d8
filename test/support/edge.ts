/**
 * The API app as the processes build it, on 127.0.0.1 over real HTTP, with a Temporal client that
 * never connects: for what the API answers at its edges before the workflow service is asked
 * (headers, limits, refusals). Call `stopEdges` after each test.
 */
import { Client, Connection } from '@temporalio/client';
import type { Express } from 'express';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApiServer } from '../../api/http-server';
import { generateEncryptionKeys, parseEncryptionKeys } from '../../codec/encryption-keys';
import { EdgeLimitSettingsSchema, edgeLimitsOf, type EdgeLimits } from '../../config/edge-settings';
import { parseConfig } from '../../config/load';
import { composeApi, localSystemSettings, type SystemSettings } from '../../system/compose';
import { DEFAULT_TEST_CONFIG } from './stack';

/** What `npm start` limits by default (the settings' defaults). */
export const DEFAULT_LIMITS = edgeLimitsOf(EdgeLimitSettingsSchema.parse({}));

export interface Edge {
  url: string;
  /** The app as composed, to look into its routes. */
  app: Express;
  token: string;
  deskSecret: string;
  stop(): Promise<void>;
}

export type EdgeOverrides = Omit<Partial<SystemSettings>, 'limits'> & { limits?: Partial<EdgeLimits> };

const running: Edge[] = [];

/** Stops every edge started since the last call. */
export async function stopEdges(): Promise<void> {
  await Promise.all(running.splice(0).map((edge) => edge.stop()));
}

export async function startEdge(overrides: EdgeOverrides = {}): Promise<Edge> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'handoff-edges-'));
  const server: Server = createApiServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const token = `test-token-${randomUUID()}`;
  const deskSecret = `desk-secret-${randomUUID()}`;
  const client = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
  const { limits, ...rest } = overrides;
  const settings = localSystemSettings({
    config: parseConfig(DEFAULT_TEST_CONFIG, 'test config'),
    publicUrl: url,
    apiToken: token,
    callbackSecret: `callback-secret-${randomUUID()}`,
    deskSecret,
    dataDir,
    taskQueue: 'nowhere',
    demo: true,
    encryptionKeys: parseEncryptionKeys(generateEncryptionKeys()),
    ...rest,
    limits: { ...DEFAULT_LIMITS, ...limits },
  });
  const { app, desk } = composeApi(settings, client);
  server.on('request', app);
  const edge: Edge = {
    url,
    app,
    token,
    deskSecret,
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      desk?.close();
      await client.connection.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  running.push(edge);
  return edge;
}
