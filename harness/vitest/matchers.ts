// Custom matchers: assertions about the wire read like the requirement they check, and fail with
// the frames that were there (one tshark-like line each) instead of "expected false to be true".
import { expect } from 'vitest';
import type { Segment } from '../net/segment.ts';
import type { Host } from '../host/host.ts';
import { decodeFrame, summary, type Decoded } from '../packets/index.ts';

export type SeenPredicate = (f: Decoded & { from: string; time: number }) => boolean;

interface NetrigMatchers<R = unknown> {
  /** The segment (or host) saw at least one frame satisfying the predicate. */
  toHaveSeen(predicate: SeenPredicate, what?: string): R;
  /** A ping or probe result says the peer answered. */
  toBeReachable(): R;
}

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Assertion<T> extends NetrigMatchers<T> {}
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AsymmetricMatchersContaining extends NetrigMatchers {}
}

function framesOf(x: unknown): { name: string; frames: Array<Decoded & { from: string; time: number; raw: Uint8Array }> } | undefined {
  const seg = x as Segment;
  if (seg && Array.isArray(seg.frames) && typeof seg.netdev === 'function') {
    return { name: `segment ${seg.name}`, frames: seg.frames.map((f) => ({ ...decodeFrame(f.data), from: f.from, time: f.time, raw: f.data })) };
  }
  const host = x as Host;
  if (host && Array.isArray(host.seen) && typeof host.ping === 'function') {
    return { name: `host ${host.name}`, frames: host.seen.map((s) => ({ ...s.frame, from: s.raw.from, time: s.raw.time, raw: s.raw.data })) };
  }
  return undefined;
}

expect.extend({
  toHaveSeen(received: unknown, predicate: SeenPredicate, what?: string) {
    const src = framesOf(received);
    if (!src) return { pass: false, message: () => 'toHaveSeen expects a Segment or a Host' };
    const hit = src.frames.find((f) => {
      try {
        return predicate(f);
      } catch {
        return false;
      }
    });
    const last = src.frames.slice(-15).map((f) => `  ${f.from.padEnd(10)} ${summary(f.raw)}`);
    const desc = what ?? predicate.toString();
    return {
      pass: hit !== undefined,
      message: () =>
        hit
          ? `expected ${src.name} not to have seen ${desc}, but it did:\n  ${summary(hit.raw)}`
          : `expected ${src.name} to have seen ${desc}; of ${src.frames.length} frames, the last ${last.length} were:\n${last.join('\n') || '  (none)'}`,
    };
  },
  toBeReachable(received: unknown) {
    if (received instanceof Error) return { pass: false, message: () => `expected reachable, but: ${received.message}` };
    if (received === 'open') return { pass: true, message: () => 'expected the port not to be open' };
    if (typeof received === 'string') return { pass: false, message: () => `expected the port to be open, probe says ${received}` };
    const r = received as { rtt?: number; address?: string };
    const pass = typeof r?.rtt === 'number' && r.rtt >= 0;
    return { pass, message: () => (pass ? `expected ${r.address} not to answer, but it did in ${r.rtt!.toFixed(2)} ms` : `expected a ping result, got ${JSON.stringify(received)}`) };
  },
});
