// What the PPPoE conformance cases share: PPPoE frames picked out of a segment's record, and a
// look at discovery tags as they stood on the wire (the codec keeps one value per tag type, a
// case counting Service-Name tags needs every one).
import type { Decoded } from '../../harness/packets/index.ts';
import type { Wire } from '../support/wire.ts';

export { recorder, wanMac, type Mark, type Recorder, type Wire } from '../support/wire.ts';

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
