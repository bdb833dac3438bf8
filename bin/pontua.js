#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx, so `npx pontua …` works in a checkout.
import { register } from 'tsx/esm/api';

register();
await import('../src/main/entry.ts');
