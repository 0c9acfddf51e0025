// The vitest configuration `netrig test` runs with: the project's own (vitest.config.ts), with
// vitest's live summary swapped for netrig's progress (what boots, which case runs, elapsed).
// vitest's default reporter stays for the per-file lines, the failures in full and the totals.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import base from '../../vitest.config.ts';
import { ProgressReporter } from './progress.ts';

type Reporters = Extract<NonNullable<NonNullable<typeof base.test>['reporters']>, unknown[]>;
const configured = base.test?.reporters ?? [];
const theirs = (Array.isArray(configured) ? configured : [configured]).filter((r) => r !== 'default') as Reporters;

export default defineConfig({
  ...base,
  root: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..'),
  test: {
    ...base.test,
    reporters: [new ProgressReporter(), ['default', { summary: false }], ...theirs],
  },
});
