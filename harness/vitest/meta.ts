// What the report needs to know about a case that its title does not say: which image it ran
// on, which lab (artifacts directory) holds its evidence, which topology that lab booted. It
// travels in vitest's task meta: `useTopology` tags its describe, so its cases carry nothing;
// a case that opens a lab of its own calls `tagLab(ctx.task, lab, { image })`.
import { beforeEach } from 'vitest';
import type { Lab } from '../lab/lab.ts';
import type { Topology } from '../lab/topology.ts';

export interface CaseMeta {
  /** The image's label (`fixture:mipsel`, a directory…). */
  image?: string;
  /** The lab's artifacts directory, absolute. */
  lab?: string;
  topology?: Topology;
  /** Why a `test.fails` case is expected to fail (a finding kept as a result). */
  expectedFail?: string;
}

declare module '@vitest/runner' {
  interface TaskMeta {
    netrig?: CaseMeta;
  }
}

/**
 * Tags a case, or a suite (and so every case in it), as run in `lab`. Pass the suite from the
 * second argument of `beforeAll((ctx, suite) => …)`, a case as `ctx.task`.
 */
export function tagLab(task: { meta: { netrig?: CaseMeta } }, lab: Lab, more: Omit<CaseMeta, 'lab'> = {}): void {
  task.meta.netrig = { ...task.meta.netrig, ...more, lab: lab.artifacts };
}

/** Says why a `test.fails(…)` case fails: shown in the report beside "expected fail". */
export function expectedFail(task: { meta: { netrig?: CaseMeta } }, reason: string): void {
  task.meta.netrig = { ...task.meta.netrig, expectedFail: reason };
}

/**
 * Within a describe: notes on the lab's timeline when each case starts and how it ended, so
 * the timeline shows which case was running when a frame crossed.
 */
export function logCasesOn(lab: () => Lab | undefined): void {
  beforeEach((ctx) => {
    const timeline = lab()?.timeline;
    if (!timeline) return;
    timeline.add({ source: 'case', kind: 'note', text: `start: ${ctx.task.name}` });
    ctx.onTestFinished(({ task }) => {
      // Here a `test.fails` case still has the state of its body; vitest inverts it afterwards.
      const failed = task.result?.state === 'fail';
      const state = task.fails ? (failed ? 'expected fail' : 'fail (passed, but expected to fail)') : (task.result?.state ?? 'done');
      const why = failed ? ` — ${String(task.result?.errors?.[0]?.message ?? '').split('\n')[0]}` : '';
      timeline.add({ source: 'case', kind: 'assert', text: `${state}: ${task.name}${why}` });
    });
  });
}
