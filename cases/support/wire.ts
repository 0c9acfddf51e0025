// A segment's record as cases read it: every frame decoded once, with its time and sender, and a
// wait for "the record now shows X" that re-checks only when a frame from the party it concerns
// arrives. For cases that judge sequences and timing on the wire (PPPoE, L2TP), not one frame.
import type { Segment } from '../../harness/net/segment.ts';
import { decodeFrame, type Decoded } from '../../harness/packets/index.ts';
import type { Guest } from '../../harness/qemu/guest.ts';

export type Wire = Decoded & { time: number; from: string; raw: Uint8Array };

/** A place in a segment's record: the frames after it came later. */
export interface Mark {
  readonly index: number;
}

export interface Recorder {
  /**
   * Every frame the segment recorded from `since`, decoded once each: from a mark, or from a
   * time (ms since the epoch, in the record's own clock: a time read off a recorded frame —
   * the case's Date.now() is another process's clock and may be off by milliseconds).
   */
  (since?: number | Mark): Wire[];
  /** Here, in the record: what arrives from now on comes after it. */
  mark(): Mark;
  /** Waits until `probe` (re-run on each new frame `from` sends, if given) returns a value. */
  until<T>(what: string, timeout: number, probe: () => T | undefined, from?: string): Promise<T>;
}

/** The decoded record of `seg`, kept up to date as it is read. */
export function recorder(seg: Segment): Recorder {
  const done: Wire[] = [];
  const sync = () => {
    for (let i = done.length; i < seg.frames.length; i++) {
      const f = seg.frames[i];
      done.push({ ...decodeFrame(f.data), time: f.time, from: f.from, raw: f.data });
    }
  };
  const read = (since: number | Mark = 0): Wire[] => {
    sync();
    if (typeof since === 'object') return done.slice(since.index);
    if (!since) return done;
    let lo = 0;
    for (let hi = done.length; lo < hi; ) {
      const mid = (lo + hi) >> 1;
      if (done[mid].time < since) lo = mid + 1;
      else hi = mid;
    }
    return done.slice(lo);
  };
  const until = async <T>(what: string, timeout: number, probe: () => T | undefined, from?: string): Promise<T> => {
    let found = probe();
    if (found !== undefined) return found;
    const src = from && Buffer.from(from.replace(/:/g, ''), 'hex');
    await seg.next((f) => (!src || f.data.subarray(6, 12).equals(src)) && (found = probe()) !== undefined, { timeout, what, evidence: () => seg.describeLast(12) });
    return found!;
  };
  const mark = (): Mark => {
    sync();
    return { index: done.length };
  };
  return Object.assign(read, { until, mark });
}

/** The MAC of the router's WAN NIC. */
export function wanMac(router: Guest): string {
  return router.nics.find((n) => n.name === 'wan')!.mac.toLowerCase();
}

