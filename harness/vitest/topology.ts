// How a case file asks for a booted topology: `useTopology(lan, image)` inside a describe boots
// it once before the describe's cases (guests in parallel) and tears it down after them, even
// when a case failed. Cases that break state should get a describe of their own.
import { afterAll, beforeAll, inject } from 'vitest';
import { Lab } from '../lab/lab.ts';
import { imageOf, type ImageRef } from '../lab/images.ts';
import { startTopology, type RunningTopology, type Topology } from '../lab/topology.ts';
import { logCasesOn, tagLab } from './meta.ts';

/** The images this run tests (fixtures by default; `netrig test --image …` or NETRIG_IMAGES). */
export function images(): ImageRef[] {
  return inject('images');
}

export function useTopology(topology: Topology, ref: ImageRef): () => RunningTopology {
  let running: RunningTopology | undefined;
  let lab: Lab | undefined;
  beforeAll(async ({}, suite) => {
    process.env.NETRIG_RUN_ID ??= inject('runId');
    lab = await Lab.open({ name: `${topology.name}-${ref.label}` });
    tagLab(suite, lab, { image: ref.label, topology });
    const needsBorder = Object.values(topology.nodes).some((n) => n.role === 'border');
    running = await startTopology(lab, topology, { image: imageOf(ref), border: needsBorder ? imageOf(inject('border')) : undefined });
  });
  afterAll(async () => {
    await lab?.close();
  });
  logCasesOn(() => lab);
  return () => {
    if (!running) throw new Error(`topology ${topology.name} on ${ref.label} did not start (see the error of beforeAll)`);
    return running;
  };
}
