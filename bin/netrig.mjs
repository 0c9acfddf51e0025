#!/usr/bin/env node
// The netrig command: loads the TypeScript sources through tsx, then hands over to the CLI.
import { register } from 'tsx/esm/api';

register();
await import('../harness/cli/main.ts');
