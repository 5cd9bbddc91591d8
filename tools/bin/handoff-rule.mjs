#!/usr/bin/env node
// The `handoff-rule` command. It installs tsx's TypeScript loader in this process and runs the
// TypeScript source, so the command shares the rule engine without a build step and without a
// second Node process.
import { register } from 'tsx/esm/api';

register();
await import('./handoff-rule.ts');
