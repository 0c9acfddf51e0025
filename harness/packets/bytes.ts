// Groundwork every codec shares: the decode error and the cursor decoders walk with, bounds
// checks, big-endian reads and writes, the Internet checksum, name <-> number tables, and the
// arena encoders write into. What outlives a call here — the arena's fill mark, and the view the
// checksum keeps of the memory it last read — only decides where the next frame's bytes go and
// how fast a sum is read, never a result.

// Buffer from node:buffer rather than the global: in Node the global is a getter, called on
// every use, and toBuffer and arenaTake use it once a frame.
import { Buffer } from 'node:buffer';

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

/** Throws unless `n` bytes from `off` fit before `end`. The message is `what` and `which`, put
 * together only on failure: decoders call this for every header and option. */
export function need(off: number, n: number, end: number, what: string, which?: string | number): void {
  if (off + n > end) {
    const name = which === undefined ? what : `${what} ${which}`;
    throw new DecodeError(`${name} needs ${n} bytes, only ${Math.max(0, end - off)} left`, off);
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

/** The most one encoding may write: any IPv4/IPv6 packet plus link headers. */
export const MAX_FRAME = 0x10000 + 256;
const ARENA = 1 << 20;
const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/** Where encoders write: a large buffer they fill from `at` onwards. Each encoding returns a view
 * of the bytes it wrote and moves `at` past them, so an encoded frame costs no copy — the way
 * Node's own Buffer pool works. A fresh arena replaces one with less than MAX_FRAME left; old
 * arenas live on only while frames cut from them do. The arena keeps its memory and an Int32Array
 * over it at hand: asking a Buffer for its `.buffer` is a call into C++ each time. */
interface Arena {
  b: Buffer;
  memory: ArrayBuffer;
  /** Where `b` starts in `memory`. */
  base: number;
  /** `memory` as 32-bit words, for checksums (`sumWords`). */
  words: Int32Array;
  at: number;
}

function newArena(): Arena {
  const b = Buffer.allocUnsafe(ARENA);
  const memory = b.buffer as ArrayBuffer;
  return { b, memory, base: b.byteOffset, words: new Int32Array(memory, 0, memory.byteLength >>> 2), at: 0 };
}

let arena = newArena();

/** Where the next encoding starts in `arenaBuffer()`, with room for MAX_FRAME bytes. An encoder
 * that cannot afford a closure per call (`encodeFrame`) writes there and calls `arenaTake`. */
export function arenaStart(): number {
  if (arena.at + MAX_FRAME > ARENA) arena = newArena();
  return arena.at;
}

/** The arena's buffer; valid until the next `arenaStart`. */
export function arenaBuffer(): Buffer {
  return arena.b;
}

/** Claims the bytes from `start` (an `arenaStart()`) to `end` and returns them. */
export function arenaTake(start: number, end: number): Buffer {
  if (end - start > MAX_FRAME) fail(`frame of ${end - start} bytes exceeds ${MAX_FRAME}`);
  // Keep the next frame 8-byte aligned, like Node's pool.
  arena.at = (end + 7) & ~7;
  // The same view as arena.b.subarray(start, end), made without asking arena.b for its memory.
  return Buffer.from(arena.memory, arena.base + start, end - start);
}

/** Runs `write(b, start)` in the arena and returns the bytes from `start` to where it ended. */
export function encodeInArena(write: (b: Buffer, start: number) => number): Buffer {
  const start = arenaStart();
  return arenaTake(start, write(arena.b, start));
}

export function writeBytes(b: Buffer, off: number, data: Uint8Array): number {
  const n = data.length;
  if (off + n > b.length) fail(`frame would exceed ${MAX_FRAME} bytes`);
  // A loop beats TypedArray#set's call on the few bytes of an option; set copies the rest.
  if (n <= 32) for (let i = 0; i < n; i++) b[off + i] = data[i];
  else b.set(data, off);
  return off + n;
}

/** Runs a layer writer and returns what it wrote. */
export function encodeWith<T>(write: (b: Buffer, off: number, v: T) => number, v: T): Buffer {
  return encodeInArena((b, start) => write(b, start, v));
}

/** Runs a layer reader over a whole buffer; throws DecodeError on bad bytes. */
export function decodeWith<T>(read: (c: Cursor) => T, bytes: Uint8Array): T {
  return read(cursor(bytes));
}

// Big-endian reads and writes by index. Buffer's own readUInt16BE and friends check their
// arguments on every call, which costs more than the read; decoders check bounds once per header
// with `need`, and encoders write into a buffer sized for any frame.
export function get16(b: Uint8Array, off: number): number {
  return (b[off] << 8) | b[off + 1];
}
export function get32(b: Uint8Array, off: number): number {
  return ((b[off] << 24) | (b[off + 1] << 16) | (b[off + 2] << 8) | b[off + 3]) >>> 0;
}
export function put16(b: Uint8Array, off: number, v: number): number {
  b[off] = v >>> 8;
  b[off + 1] = v;
  return off + 2;
}
export function put32(b: Uint8Array, off: number, v: number): number {
  b[off] = v >>> 24;
  b[off + 1] = v >>> 16;
  b[off + 2] = v >>> 8;
  b[off + 3] = v;
  return off + 4;
}

const fill = Uint8Array.prototype.fill;

/** Zeroes `from` to `to`: a loop for the short runs codecs pad, V8's own TypedArray fill for the
 * long ones, such as a DHCP message's fixed part (a call into C++, but quicker than Buffer#fill
 * with its argument checks, or than storing 32-bit words one by one). */
export function zero(b: Uint8Array, from: number, to: number): void {
  if (to - from > 24) fill.call(b, 0, from, to);
  else for (let i = from; i < to; i++) b[i] = 0;
}

const fromCharCode = String.fromCharCode;

/** Text as Buffer#toString would decode it (`latin1`, or else UTF-8) from `off` to `end`; short
 * ASCII runs — host names, service names, messages — are built here without a call into C++,
 * eight characters a call to String.fromCharCode (a string per character costs more than it). */
export function readText(b: Uint8Array, off: number, end: number, latin1 = false): string {
  if (end - off > 64) return (b as Buffer).toString(latin1 ? 'latin1' : 'utf8', off, end);
  if (!latin1) for (let i = off; i < end; i++) if (b[i] > 0x7f) return (b as Buffer).toString('utf8', off, end);
  let s = '';
  let i = off;
  for (; i + 8 <= end; i += 8) s += fromCharCode(b[i], b[i + 1], b[i + 2], b[i + 3], b[i + 4], b[i + 5], b[i + 6], b[i + 7]);
  switch (end - i) {
    case 1:
      return s + fromCharCode(b[i]);
    case 2:
      return s + fromCharCode(b[i], b[i + 1]);
    case 3:
      return s + fromCharCode(b[i], b[i + 1], b[i + 2]);
    case 4:
      return s + fromCharCode(b[i], b[i + 1], b[i + 2], b[i + 3]);
    case 5:
      return s + fromCharCode(b[i], b[i + 1], b[i + 2], b[i + 3], b[i + 4]);
    case 6:
      return s + fromCharCode(b[i], b[i + 1], b[i + 2], b[i + 3], b[i + 4], b[i + 5]);
    case 7:
      return s + fromCharCode(b[i], b[i + 1], b[i + 2], b[i + 3], b[i + 4], b[i + 5], b[i + 6]);
    default:
      return s;
  }
}

/** Writes `s` as UTF-8 at `off` (as Buffer#write does, room permitting); returns the end offset. */
export function writeText(b: Buffer, off: number, s: string): number {
  const n = s.length;
  if (n > 64 || off + n > b.length) return off + b.write(s, off, 'utf8');
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c > 0x7f) return off + b.write(s, off, 'utf8');
    b[off + i] = c;
  }
  return off + n;
}

/** Ones'-complement sum of 16-bit big-endian words, unfolded; an odd last byte is zero-padded.
 * Long runs are read four bytes at a time (`sumWords`): in the arena, whose words are at hand,
 * or in a buffer being decoded. */
export function sum16(b: Uint8Array, off: number, end: number, acc = 0): number {
  const n = end - off;
  if (n >= 16 && LITTLE_ENDIAN) {
    if (b === arena.b) {
      if (((arena.base + off) & 1) === 0) return sumWords(b, arena.base, arena.words, off, end, acc);
    } else if (n >= 48 && (b === wordsOf || useWords(b))) {
      if (((wordsBase + off) & 1) === 0) return sumWords(b, wordsBase, words, off, end, acc);
    }
  }
  return sumBytes(b, off, end, acc);
}

/** sum16 for the short runs of headers (IP headers, pseudo-header addresses): no test for words,
 * small enough for V8 to inline where it is called. */
export function sumShort(b: Uint8Array, off: number, end: number, acc = 0): number {
  return sumBytes(b, off, end, acc);
}

/** sum16 of the 8 bytes at `off` (two IPv4 addresses), written out. */
export function sum8(b: Uint8Array, off: number): number {
  return ((b[off] << 8) | b[off + 1]) + ((b[off + 2] << 8) | b[off + 3]) + ((b[off + 4] << 8) | b[off + 5]) + ((b[off + 6] << 8) | b[off + 7]);
}

/** sum16 of the 32 bytes at `off` (two IPv6 addresses), written out. */
export function sum32(b: Uint8Array, off: number): number {
  return sum8(b, off) + sum8(b, off + 8) + sum8(b, off + 16) + sum8(b, off + 24);
}

function sumBytes(b: Uint8Array, off: number, end: number, acc: number): number {
  let s = acc;
  let i = off;
  for (const last = end - 7; i < last; i += 8) {
    s += ((b[i] << 8) | b[i + 1]) + ((b[i + 2] << 8) | b[i + 3]) + ((b[i + 4] << 8) | b[i + 5]) + ((b[i + 6] << 8) | b[i + 7]);
  }
  for (const last = end - 1; i < last; i += 2) s += (b[i] << 8) | b[i + 1];
  if (i < end) s += b[i] << 8;
  return s;
}

/**
 * The last buffer not in the arena that sum16 read by words (a frame being decoded), where it
 * starts in its memory, and that memory as 32-bit words. Asking a Buffer for its memory
 * (`.buffer`) is a call into C++, so it is asked once per buffer and only for long runs.
 */
let wordsOf: Uint8Array | undefined;
let wordsBase = 0;
let words: Int32Array<ArrayBufferLike> = new Int32Array(0);
let wordsMemory: ArrayBufferLike | undefined;

/** Bytes `start` to `end` of `b` as a Buffer view, the same as `b.subarray(start, end)`; made from
 * the memory sum16 last looked up when `b` is that buffer (a decoded frame after its UDP or ICMP
 * checksum), which spares Buffer#subarray its call into C++ for `b.buffer`. */
export function view(b: Buffer, start: number, end: number): Buffer {
  if (b !== wordsOf || wordsMemory === undefined) return b.subarray(start, end);
  return Buffer.from(wordsMemory as ArrayBuffer, wordsBase + start, Math.max(0, end - start));
}

/** Points the words view at `b`'s memory; false when it cannot be read by words (a resizable
 * ArrayBuffer may shrink under a view). */
function useWords(b: Uint8Array): boolean {
  const memory = b.buffer;
  // Only memory new to the view is asked whether it can resize (an ArrayBuffer's resizability never
  // changes): two getter calls less per decoded frame.
  if (memory !== wordsMemory) {
    if ((memory as { resizable?: boolean }).resizable === true || (memory as { growable?: boolean }).growable === true) return false;
    words = new Int32Array(memory, 0, memory.byteLength >>> 2);
    wordsMemory = memory;
  }
  wordsOf = b;
  wordsBase = b.byteOffset;
  return true;
}

/**
 * sum16 of `b`, which starts at byte `base` of the memory `w` views, from an even offset, on a
 * little-endian machine: the whole 32-bit words of the run are read as such. Each holds two
 * 16-bit words with their bytes swapped, and the ones'-complement sum of swapped words is the
 * swapped sum of the words (RFC 1071 §2(B)): so the words' part is folded, swapped back and added
 * to the bytes' part.
 */
function sumWords(b: Uint8Array, base: number, w: Int32Array<ArrayBufferLike>, off: number, end: number, acc: number): number {
  let i = off;
  let s = acc;
  if (((base + i) & 2) !== 0) {
    s += (b[i] << 8) | b[i + 1];
    i += 2;
  }
  let k = (base + i) >>> 2;
  const stop = (base + end) >>> 2;
  let x = 0;
  // Four words a turn: each turn re-checks the view and its bounds, which costs more than the adds.
  for (const last = stop - 3; k < last; k += 4) {
    const p = w[k];
    const q = w[k + 1];
    const r = w[k + 2];
    const t = w[k + 3];
    x += (p & 0xffff) + (p >>> 16) + (q & 0xffff) + (q >>> 16) + (r & 0xffff) + (r >>> 16) + (t & 0xffff) + (t >>> 16);
  }
  for (; k < stop; k++) {
    const p = w[k];
    x += (p & 0xffff) + (p >>> 16);
  }
  while (x > 0xffff) x = (x & 0xffff) + Math.floor(x / 0x10000);
  s += ((x & 0xff) << 8) | (x >>> 8);
  return sumBytes(b, (k << 2) - base, end, s);
}

/** The Internet checksum (RFC 1071) of an unfolded sum. */
export function checksum(sum: number): number {
  let s = sum;
  while (s > 0x7fffffff) s = (s % 0x10000) + Math.floor(s / 0x10000);
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return ~s & 0xffff;
}

/** A two-way table between protocol names and their numbers; numbers without a name pass through. */
export interface Names<N extends string> {
  num(v: N | number): number;
  name(n: number): N | number;
}

export function names<N extends string>(what: string, table: Record<N, number>): Names<N> {
  // Numbers to names through an array when the numbers are small (every table but PPP's), else a Map.
  let max = 0;
  for (const k in table) max = Math.max(max, table[k]);
  const byNum = new Map<number, N>();
  const small: (N | undefined)[] = max < 1024 ? new Array<N | undefined>(max + 1).fill(undefined) : [];
  for (const k in table) {
    if (!Number.isInteger(table[k])) throw new Error(`names: ${what} "${k}" is ${table[k]}, not a number`);
    byNum.set(table[k], k);
    if (max < 1024) small[table[k]] = k;
  }
  // Names to numbers through a switch compiled for the table: `table[name]` is a lookup whose key
  // and object both vary (every table shares this code), V8's slow kind. Only JSON string
  // literals and integers go into the source.
  const unknown = (v: unknown): never => fail(`unknown ${what} "${String(v)}"; known: ${Object.keys(table).join(', ')}`);
  const cases = Object.keys(table).map((k) => `case ${JSON.stringify(k)}: return ${table[k as N]};`);
  const num = new Function('unknown', `return function num(v) { if (typeof v === 'number') return v; switch (v) { ${cases.join(' ')} } return unknown(v); };`)(unknown) as (v: N | number) => number;
  return {
    num,
    name:
      max < 1024
        ? (n) => {
            const k = n >= 0 && n <= max ? small[n] : undefined;
            return k === undefined ? n : k;
          }
        : (n) => byNum.get(n) ?? n,
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
