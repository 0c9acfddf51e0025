// What the PPPoE conformance cases share: the frames a segment recorded, decoded and timed, and
// a look at discovery tags as they stood on the wire (the codec keeps one value per tag type, a
// case counting Service-Name tags needs every one).
import type { Segment } from '../../harness/net/segment.ts';
import { decodeFrame, type Decoded } from '../../harness/packets/index.ts';
import type { Guest } from '../../harness/qemu/guest.ts';

export type Wire = Decoded & { time: number; from: string; raw: Uint8Array };

export interface Recorder {
  /** Every frame the segment recorded from `since` (ms since the epoch), decoded once each. */
  (since?: number): Wire[];
  /** Waits until `probe` (re-run on each new frame `from` sends, if given) returns a value. */
  until<T>(what: string, timeout: number, probe: () => T | undefined, from?: string): Promise<T>;
}

/** The decoded record of `seg`, kept up to date as it is read. */
export function recorder(seg: Segment): Recorder {
  const done: Wire[] = [];
  const read = (since = 0): Wire[] => {
    for (let i = done.length; i < seg.frames.length; i++) {
      const f = seg.frames[i];
      done.push({ ...decodeFrame(f.data), time: f.time, from: f.from, raw: f.data });
    }
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
    await seg.next((f) => (!src || f.data.subarray(6, 12).equals(src)) && (found = probe()) !== undefined, { timeout, what, evidence: () => `the last PPPoE frames on ${seg.name}:\n${lines(read().filter((x) => x.pppoe).slice(-12))}` });
    return found!;
  };
  return Object.assign(read, { until });
}

/** The MAC of the router's WAN NIC. */
export function wanMac(router: Guest): string {
  return router.nics.find((n) => n.name === 'wan')!.mac.toLowerCase();
}

/** Discovery (0x8863) frames from `mac`, optionally of one code. */
export function discoveryFrom(frames: Wire[], mac: string, code?: string): Wire[] {
  return frames.filter((f) => f.eth?.src === mac && f.eth.type === 0x8863 && (code === undefined || f.pppoe?.code === code));
}

/** Session (0x8864) frames from `mac`. */
export function sessionFrom(frames: Wire[], mac: string): Wire[] {
  return frames.filter((f) => f.eth?.src === mac && f.eth.type === 0x8864);
}

/** The PPPoE header's first byte (VER and TYPE), the code and the length field, raw. */
export function pppoeHeader(f: Wire): { verType: number; code: number; session: number; length: number; at: number } {
  const at = f.eth?.vlan ? 18 : 14;
  const b = f.raw;
  return { verType: b[at], code: b[at + 1], session: (b[at + 2] << 8) | b[at + 3], length: (b[at + 4] << 8) | b[at + 5], at };
}

/** The TAG_TYPEs of a discovery frame in wire order (every one, repeats included). */
export function tagTypes(f: Wire): number[] {
  const { at, length } = pppoeHeader(f);
  const b = f.raw;
  const types: number[] = [];
  for (let off = at + 6, end = Math.min(b.length, at + 6 + length); off + 4 <= end; off += 4 + ((b[off + 2] << 8) | b[off + 3])) types.push((b[off] << 8) | b[off + 1]);
  return types;
}

/** Host-Uniq as hex: one pppd run's discovery frames share it (rp-pppoe puts its pid there). */
export function hostUniq(f: Decoded): string {
  return Buffer.from(f.pppoe?.tags?.hostUniq ?? []).toString('hex');
}

/** A short line per frame for failure messages. */
export function lines(frames: Wire[], t0 = frames[0]?.time ?? 0): string {
  return frames.map((f) => `  +${((f.time - t0) / 1000).toFixed(2)} s ${f.eth?.src} > ${f.eth?.dst} ${f.pppoe?.code ?? ''} session 0x${(f.pppoe?.session ?? 0).toString(16)} ${f.ppp ? `${String(f.ppp.protocol)} ${'code' in f.ppp ? String(f.ppp.code) : ''}` : ''}`).join('\n');
}
