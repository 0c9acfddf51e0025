// How a case file asks for a booted topology: `useTopology(lan, image)` inside a describe boots
// it once before the describe's cases (guests in parallel) and tears it down after them, even
// when a case failed. Cases that break state should get a describe of their own.
import { afterAll, afterEach, beforeAll, beforeEach, inject } from 'vitest';
import { ensureSnapshot, restoreTopology, startWithSavedBorder, type TopologySnapshot } from '../lab/snapshot.ts';
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
   * `shared` (default): one topology for all the describe's cases, started before them.
   * `per-case`: every case gets the topology exactly as it was when ready — resumed from the
   * run's snapshot of it in about a second (cold-booted with `--no-snapshot`). For cases that
   * change state.
   */
  reset?: 'shared' | 'per-case';
  /**
   * How a `shared` topology starts: `cold` (default) boots the image under test, so the segments'
   * captures hold its whole boot (DHCP, PPPoE discovery, PD) for cases that assert on it — the
   * border, the same ISP in every lab, resumes from the run's saved one when snapshots are on
   * (`startWithSavedBorder`); `snapshot`
   * resumes the run's snapshot when snapshots are on (the boot's frames are then not on this
   * lab's segments) — for cases that only need a working topology.
   */
  start?: 'cold' | 'snapshot';
}

/** Snapshots are on unless `--no-snapshot` (NETRIG_NO_SNAPSHOT=1) asks for cold boots. */
export function snapshotsOn(): boolean {
  return process.env.NETRIG_NO_SNAPSHOT !== '1';
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
  // A shared lab is the describe's (every case's evidence is there); a per-case lab is the case's
  // own: tagging the describe with it would leave every case pointing at the last case's lab.
  const open = async (task?: Parameters<typeof tagLab>[0]) => {
    lab = await Lab.open({ name: `${topology.name}-${ref.label}` });
    const owner = task ?? suite;
    if (owner) tagLab(owner, lab, { image: ref.label, topology });
    // Cold, the border still resumes from the run's saved one when snapshots are on: it is the
    // ISP, the same in every lab; the image under test boots.
    running = snap ? await restoreTopology(lab, snap) : snapshotsOn() ? await startWithSavedBorder(lab, topology, startOptions()) : await startTopology(lab, topology, startOptions());
  };
  const close = async () => {
    await lab?.close();
    running = undefined;
  };
  beforeAll(async ({}, s) => {
    suite = s;
    process.env.NETRIG_RUN_ID ??= inject('runId');
    const fromSnapshot = snapshotsOn() && (opts.reset === 'per-case' || opts.start === 'snapshot');
    if (fromSnapshot) snap = await ensureSnapshot(topology, startOptions());
    if (opts.reset !== 'per-case') return open();
    // The describe still says which image and topology its cases run on.
    s.meta.netrig = { ...s.meta.netrig, image: ref.label, topology };
  });
  if (opts.reset === 'per-case') {
    beforeEach((ctx) => open(ctx.task));
    afterEach(close);
  }
  afterAll(close);
  logCasesOn(() => lab);
  return () => {
    if (!running) throw new Error(`topology ${topology.name} on ${ref.label} did not start (see the error of beforeAll)`);
    return running;
  };
}
