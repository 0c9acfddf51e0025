// Groundwork every codec shares: the decode error and the cursor decoders walk with, bounds
// checks, the Internet checksum, name <-> number tables, and the scratch buffer encoders write
// into (reused, so encoding a frame allocates only its result). Nothing here keeps state that
// outlives a call.

/** Thrown by the lower-level decoders on bytes they cannot read; `offset` is where, in the buffer given. */
export class DecodeError extends Error {
  override readonly name = 'DecodeError';
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

/** Where a decoder stands within one buffer: the next byte, the end of the current layer's data,
 * and the IP pseudo-header's address sum that the transport checksums need. */
export interface Cursor {
  b: Buffer;
  off: number;
  end: number;
  pseudo: number;
}

/** A layer as a caller forges it: the keys `K` are required, the rest default. */
export type Init<T, K extends keyof T = never> = T extends unknown ? Partial<T> & Pick<T, K> : never;

export function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function cursor(bytes: Uint8Array): Cursor {
  const b = toBuffer(bytes);
  return { b, off: 0, end: b.length, pseudo: 0 };
}

/** Throws unless `n` bytes from `off` fit before `end`. */
export function need(off: number, n: number, end: number, what: string): void {
  if (off + n > end) {
    throw new DecodeError(`${what} needs ${n} bytes, only ${Math.max(0, end - off)} left`, off);
  }
}

/** Throws unless the value between `off` and `end` is exactly `n` bytes (or a multiple of `n`). */
export function sized(off: number, end: number, n: number, what: string, multiple = false): void {
  const len = end - off;
  if (multiple ? len % n !== 0 : len !== n) {
    throw new DecodeError(`${what} is ${len} bytes, expected ${multiple ? 'a multiple of ' : ''}${n}`, off);
  }
}

/** Encoding errors are the caller's: a bad address, an unknown option name, a missing field. */
export function fail(message: string): never {
  throw new Error(`encode: ${message}`);
}

/** The encoders' working area; large enough for any IPv4/IPv6 packet plus link headers. */
export const SCRATCH = Buffer.alloc(0x10000 + 256);

export function writeBytes(b: Buffer, off: number, data: Uint8Array): number {
  if (off + data.length > b.length) fail(`frame would exceed ${b.length} bytes`);
  b.set(data, off);
  return off + data.length;
}

/** Runs a layer writer on the scratch buffer and returns a copy of what it wrote. */
export function encodeWith<T>(write: (b: Buffer, off: number, v: T) => number, v: T): Buffer {
  const end = write(SCRATCH, 0, v);
  const out = Buffer.allocUnsafe(end);
  SCRATCH.copy(out, 0, 0, end);
  return out;
}

/** Runs a layer reader over a whole buffer; throws DecodeError on bad bytes. */
export function decodeWith<T>(read: (c: Cursor) => T, bytes: Uint8Array): T {
  return read(cursor(bytes));
}

/** Ones'-complement sum of 16-bit big-endian words, unfolded; an odd last byte is zero-padded. */
export function sum16(b: Buffer, off: number, end: number, acc = 0): number {
  let s = acc;
  let i = off;
  for (const last = end - 7; i < last; i += 8) {
    s += ((b[i] << 8) | b[i + 1]) + ((b[i + 2] << 8) | b[i + 3]) + ((b[i + 4] << 8) | b[i + 5]) + ((b[i + 6] << 8) | b[i + 7]);
  }
  for (const last = end - 1; i < last; i += 2) s += (b[i] << 8) | b[i + 1];
  if (i < end) s += b[i] << 8;
  return s;
}

/** The Internet checksum (RFC 1071) of an unfolded sum. */
export function checksum(sum: number): number {
  let s = sum;
  while (s > 0xffff) s = (s & 0xffff) + Math.floor(s / 0x10000);
  return ~s & 0xffff;
}

/** A two-way table between protocol names and their numbers; numbers without a name pass through. */
export interface Names<N extends string> {
  num(v: N | number): number;
  name(n: number): N | number;
}

export function names<N extends string>(what: string, table: Record<N, number>): Names<N> {
  const byNum = new Map<number, N>();
  for (const k in table) byNum.set(table[k], k);
  return {
    num: (v) => {
      if (typeof v === 'number') return v;
      const n = table[v];
      return n === undefined ? fail(`unknown ${what} "${String(v)}"; known: ${Object.keys(table).join(', ')}`) : n;
    },
    name: (n) => byNum.get(n) ?? n,
  };
}

const HEX2 = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Lower-case hex of a byte range, e.g. for summaries and test fixtures. */
export function toHex(b: Uint8Array, sep = ''): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += (i ? sep : '') + HEX2[b[i]];
  return s;
}

/** Bytes from hex; whitespace, colons and `|` between bytes are ignored so fixtures can be laid out. */
export function fromHex(hex: string): Buffer {
  const clean = hex.replace(/[\s:|]/g, '');
  if (!/^([0-9a-fA-F]{2})*$/.test(clean)) throw new Error(`fromHex: not an even run of hex digits: ${hex.slice(0, 40)}`);
  return Buffer.from(clean, 'hex');
}

export { HEX2 };
