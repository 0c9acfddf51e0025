// How a case file asks for a booted topology: `useTopology(lan, image)` inside a describe boots
// it once before the describe's cases (guests in parallel) and tears it down after them, even
// when a case failed. Cases that break state should get a describe of their own.
import { afterAll, afterEach, beforeAll, beforeEach, inject } from 'vitest';
import { ensureSnapshot, restoreTopology, type TopologySnapshot } from '../lab/snapshot.ts';
import { Lab } from '../lab/lab.ts';
import { imageOf, type ImageRef } from '../lab/images.ts';
import { startTopology, type RunningTopology, type Topology } from '../lab/topology.ts';
import { logCasesOn, tagLab } from './meta.ts';

/** The images this run tests (fixtures by default; `netrig test --image …` or NETRIG_IMAGES). */
export function images(): ImageRef[] {
  return inject('images');
}

export interface UseOptions {
  /**
   * `shared` (default): one topology for all the describe's cases, booted before them.
   * `per-case`: every case gets the topology exactly as it was when ready: cold-booted, or
   * resumed from a snapshot in well under a second with NETRIG_SNAPSHOT=1 (`netrig test
   * --snapshot`; opt-in until mipsel resumes are reliable). For cases that change state.
   */
  reset?: 'shared' | 'per-case';
}

export function useTopology(topology: Topology, ref: ImageRef, opts: UseOptions = {}): () => RunningTopology {
  let running: RunningTopology | undefined;
  let lab: Lab | undefined;
  let snap: TopologySnapshot | undefined;
  let suite: Parameters<typeof tagLab>[0] | undefined;
  const startOptions = () => {
    const needsBorder = Object.values(topology.nodes).some((n) => n.role === 'border');
    return { image: imageOf(ref), border: needsBorder ? imageOf(inject('border')) : undefined };
  };
  const open = async () => {
    lab = await Lab.open({ name: `${topology.name}-${ref.label}` });
    if (suite) tagLab(suite, lab, { image: ref.label, topology });
    running = snap ? await restoreTopology(lab, snap) : await startTopology(lab, topology, startOptions());
  };
  const close = async () => {
    await lab?.close();
    running = undefined;
  };
  beforeAll(async ({}, s) => {
    suite = s;
    process.env.NETRIG_RUN_ID ??= inject('runId');
    if (opts.reset !== 'per-case') return open();
    // Snapshots are opt-in for now: mipsel malta guests resumed on a loaded machine keep coming
    // back with a stalled clock (see resumeHealthy in harness/lab/snapshot.ts).
    if (process.env.NETRIG_SNAPSHOT === '1' && process.env.NETRIG_NO_SNAPSHOT !== '1') snap = await ensureSnapshot(topology, startOptions());
  });
  if (opts.reset === 'per-case') {
    beforeEach(open);
    afterEach(close);
  }
  afterAll(close);
  logCasesOn(() => lab);
  return () => {
    if (!running) throw new Error(`topology ${topology.name} on ${ref.label} did not start (see the error of beforeAll)`);
    return running;
  };
}
