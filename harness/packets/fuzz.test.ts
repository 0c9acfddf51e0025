// Decoders meet hostile bytes. For each codec, at least 10,000 inputs grown from its sample frames
// — random truncations, bit flips, length and type fields set to wrong values, splices of other
// frames, random tails — plus pure noise: `decodeFrame` must never throw, must report failures as
// a typed error (no "decoder bug", i.e. no RangeError or TypeError escaping a layer decoder), and
// must return quickly. A seeded PRNG makes every failure replayable from its seed and index.

import { describe, expect, test } from 'vitest';
import { DecodeError, toHex } from './bytes.ts';
import { decodeDhcp4, encodeDhcp4 } from './dhcp4.ts';
import { decodeDhcp6, encodeDhcp6 } from './dhcp6.ts';
import { decodeFrame, encodeFrame, type Decoded, type Frame, type FrameInit, type Layer } from './frame.ts';
import { PPP_PROTOCOL } from './ppp.ts';
import { SAMPLES } from './samples.ts';
import { summary } from './summary.ts';
import { prng32 } from '../util/prng.ts';

const PER_CODEC = 10_000;
const SLOW_MS = 50;

/** mulberry32 (harness/util/prng.ts): the same seed gives the same inputs, so a failure replays. */
const prng = prng32;

const FRAMES = SAMPLES.map((s) => encodeFrame(s.frame));
/** Which codec a sample exercises: its innermost layer. */
const INNERMOST: Layer[] = ['dhcp4', 'dhcp6', 'icmp6', 'icmp4', 'tcp', 'udp', 'ppp', 'pppoe', 'arp'];
const codecOf = (f: Decoded) => INNERMOST.find((l) => f[l] !== undefined) ?? 'eth';

/** A sample split in two: the layers around its innermost codec, and that codec's bytes. Mutating
 * the inner bytes and wrapping them again keeps the outer lengths and checksums right, so the
 * mutation reaches the inner decoder instead of stopping at an IP length check. */
interface Peeled {
  whole: Buffer;
  outer: FrameInit;
  inner: Buffer;
}
const MARK = Buffer.from('fuzz-mark');
function peel(whole: Buffer): Peeled {
  const f = decodeFrame(whole) as Frame;
  const codec = codecOf(f);
  const outer: FrameInit = { ...f, [codec]: undefined, payload: undefined };
  // Keep the PPP protocol number so the wrapped bytes are read as LCP/PAP/… again.
  if (f.ppp && codec === 'ppp') outer.ppp = { protocol: PPP_PROTOCOL.num(f.ppp.protocol) };
  const start = encodeFrame({ ...outer, payload: MARK }).indexOf(MARK);
  return { whole, outer, inner: whole.subarray(start) };
}

const BY_CODEC = new Map<string, Peeled[]>();
for (const b of FRAMES) {
  const c = codecOf(decodeFrame(b));
  BY_CODEC.set(c, [...(BY_CODEC.get(c) ?? []), peel(b)]);
}

/** One hostile variant of `base`. */
function mutate(base: Buffer, rnd: () => number): Buffer {
  const b = Buffer.from(base);
  const at = () => rnd() % Math.max(1, b.length);
  switch (rnd() % 6) {
    case 0:
      return b.subarray(0, rnd() % (b.length + 1));
    case 1:
      for (let n = 1 + (rnd() % 8); n > 0; n--) b[at()] ^= 1 << (rnd() % 8);
      return b;
    case 2: {
      // A length or type field gone wrong: a 16-bit word set to a telling value.
      const near = [0, 1, 0xff, 0xffff, 0x7fff, b.length, b.length - 14, b.length - 34, b.length + 1, rnd() & 0xffff];
      const i = Math.min(at(), b.length - 2);
      if (i >= 0) b.writeUInt16BE(near[rnd() % near.length] & 0xffff, i);
      return b;
    }
    case 3:
      for (let n = 1 + (rnd() % 4); n > 0; n--) b[at()] = [0, 0xff, rnd() & 0xff][rnd() % 3];
      return b;
    case 4: {
      const other = FRAMES[rnd() % FRAMES.length];
      const cut = at();
      return Buffer.concat([b.subarray(0, cut), other.subarray(rnd() % other.length)]);
    }
    default: {
      const cut = at();
      const tail = Buffer.alloc(rnd() % 200);
      for (let i = 0; i < tail.length; i++) tail[i] = rnd() & 0xff;
      return Buffer.concat([b.subarray(0, cut), tail]);
    }
  }
}

const LAYERS = new Set<string>(['eth', 'arp', 'pppoe', 'ppp', 'ipv4', 'ipv6', 'icmp4', 'icmp6', 'udp', 'tcp', 'dhcp4', 'dhcp6']);

/** How long decoding takes; a slow reading is retaken, since a GC pause or a busy neighbour on
 * the machine can stall any one call, while a truly slow input stays slow. */
function timed(input: Buffer): number {
  let best = Infinity;
  for (let tries = 0; tries < 3 && best >= SLOW_MS; tries++) {
    const t = performance.now();
    decodeFrame(input);
    best = Math.min(best, performance.now() - t);
  }
  return best;
}

/** Decodes one input and checks the contract; returns how long it took and what it said. */
function check(input: Buffer, where: string): { ms: number; f: Decoded } {
  let f: Decoded;
  try {
    f = decodeFrame(input);
  } catch (e) {
    throw new Error(`decodeFrame threw on ${where} (${toHex(input)}): ${String(e)}`);
  }
  const ms = timed(input);
  if (f.error) {
    const { layer, message, offset } = f.error;
    if (!LAYERS.has(layer) || message.startsWith('decoder bug') || !(offset >= 0 && offset <= input.length)) {
      throw new Error(`bad error on ${where} (${toHex(input)}): ${JSON.stringify(f.error)}`);
    }
  }
  summary(f);
  return { ms, f };
}

describe('decodeFrame survives hostile input', () => {
  test.each([...BY_CODEC.keys()].map((c, i) => [c, i] as const))(`%s: ${PER_CODEC} variants of its samples`, (codec, seed) => {
    const rnd = prng(0x5eed + seed);
    const bases = BY_CODEC.get(codec)!;
    let slowest = 0;
    let caught = 0;
    for (let i = 0; i < PER_CODEC; i++) {
      const p = bases[i % bases.length];
      const input = i % 2 ? mutate(p.whole, rnd) : encodeFrame({ ...p.outer, payload: mutate(p.inner, rnd) });
      const { ms, f } = check(input, `${codec} seed ${seed} #${i}`);
      slowest = Math.max(slowest, ms);
      if (f.error?.layer === codec) caught++;
    }
    expect(slowest).toBeLessThan(SLOW_MS);
    // The mutations reached this codec's own decoder, not only the layers around it.
    expect(caught).toBeGreaterThan(PER_CODEC / 100);
  });

  test('pure noise, and noise behind real Ethernet types', () => {
    const rnd = prng(42);
    const types = [0x0800, 0x86dd, 0x0806, 0x8863, 0x8864, 0x8100];
    let slowest = 0;
    for (let i = 0; i < PER_CODEC; i++) {
      const b = Buffer.alloc(rnd() % 400);
      for (let k = 0; k < b.length; k++) b[k] = rnd() & 0xff;
      if (i % 2 && b.length >= 14) b.writeUInt16BE(types[rnd() % types.length], 12);
      slowest = Math.max(slowest, check(b, `noise #${i}`).ms);
    }
    expect(slowest).toBeLessThan(SLOW_MS);
  });
});

describe('standalone DHCP decoders throw only DecodeError', () => {
  const decoded = FRAMES.map((b) => decodeFrame(b));
  const bases = { dhcp4: decoded.flatMap((f) => (f.dhcp4 ? [encodeDhcp4(f.dhcp4)] : [])), dhcp6: decoded.flatMap((f) => (f.dhcp6 ? [encodeDhcp6(f.dhcp6)] : [])) };

  test.each([
    ['dhcp4', decodeDhcp4],
    ['dhcp6', decodeDhcp6],
  ] as const)('%s', (layer, decode) => {
    const rnd = prng(layer === 'dhcp4' ? 4 : 6);
    const mine = bases[layer];
    expect(mine.length).toBeGreaterThan(5);
    for (let i = 0; i < PER_CODEC; i++) {
      const input = mutate(mine[i % mine.length], rnd);
      try {
        decode(input);
      } catch (e) {
        if (!(e instanceof DecodeError)) throw new Error(`${layer} #${i} (${toHex(input)}) threw ${String(e)}`);
      }
    }
  });
});
