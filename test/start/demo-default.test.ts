import { describe, expect, it } from 'vitest';
import { demoDefaultFor } from '../../tools/scripts/demo-default';

describe("npm start's demo", () => {
  it('is on while HOST is loopback, and off once others can reach the API', () => {
    for (const host of ['127.0.0.1', '127.0.0.2', '::1', '[::1]', 'localhost']) expect(demoDefaultFor(host), host).toBe('on');
    for (const host of ['0.0.0.0', '::', '10.0.0.8', '192.0.2.2', 'handoff.example.com']) expect(demoDefaultFor(host), host).toBe('off');
  });
});
