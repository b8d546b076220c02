#!/usr/bin/env node
// Runs the TypeScript sources directly, like the station's `scrutin`.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/entry.ts');
