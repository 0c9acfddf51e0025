// Type-length-value option lists — DHCPv4 and DHCPv6 options, NDP options, PPPoE tags, PPP
// configuration options, IPv6 hop-by-hop/destination options — decoded into objects keyed by
// option name. One engine serves them all: a table maps each name to its code and a value codec,
// and a format says how wide code and length are and what the length counts. Unknown options
// survive as `option<code>: Uint8Array`, so re-encoding a decoded list loses nothing.

import { readHexColon, readIp4, readIp6, writeHexColon, writeIp4, writeIp6 } from './addr.ts';
import { DecodeError, fail, get16, get32, need, put16, put32, readText, sized, view, writeBytes, writeText, zero, type Names } from './bytes.ts';

/** Reads a value from `off` up to `end` and writes one (returning the end offset). */
export interface Codec<V, I = V> {
  read(b: Buffer, off: number, end: number): V;
  write(b: Buffer, off: number, v: I): number;
}

export interface Spec<V, I, M extends boolean> {
  readonly code: number;
  readonly codec: Codec<V, I>;
  /** The option may repeat (several prefixes, several IAs): its value is an array. */
  readonly many: M;
}

/** An option that appears at most once. */
export const one = <V, I = V>(code: number, codec: Codec<V, I>): Spec<V, I, false> => ({ code, codec, many: false });
/** An option that may repeat. */
export const some = <V, I = V>(code: number, codec: Codec<V, I>): Spec<V, I, true> => ({ code, codec, many: true });

type AnySpec = Spec<unknown, never, boolean>;

/** Options not in the table, kept raw under `option<code>`. */
export type RawOptions = { [raw: `option${number}`]: Uint8Array | undefined };

/** The decoded options object of a table: each option's value, an array for repeatable ones. */
export type OptionsOf<T> = {
  -readonly [K in keyof T]?: T[K] extends Spec<infer V, infer _I, infer M> ? (M extends true ? V[] : V) : never;
} & RawOptions;

/** What a caller writes: like OptionsOf, with the codecs' defaults optional. */
export type OptionsInit<T> = {
  -readonly [K in keyof T]?: T[K] extends Spec<infer _V, infer I, infer M> ? (M extends true ? I[] : I) : never;
} & RawOptions;

export interface TlvFormat {
  /** Names the option space in error messages. */
  readonly what: string;
  /** Two-byte code and length (DHCPv6, PPPoE) rather than one-byte. */
  readonly wide: boolean;
  /** What the length counts: the value (DHCP, PPPoE), header and value (PPP), or header and
   * value in units of eight bytes (NDP). */
  readonly counts: 'value' | 'all' | 'all8';
  /** A one-byte code with no length that pads (DHCPv4 Pad, IPv6 Pad1). */
  readonly pad?: number;
  /** A one-byte code with no length that ends the list (DHCPv4 End). */
  readonly stop?: number;
  /** A padding option to skip when reading (IPv6 PadN). */
  readonly skip?: number;
  /** Values longer than 255 bytes split over repeated options, joined when read (RFC 3396). */
  readonly join?: boolean;
}

/** An option the table knows, by code: its name and its spec. */
interface Entry {
  readonly name: string;
  readonly spec: AnySpec;
}

export interface OptionTable<T> {
  readonly fmt: TlvFormat;
  readonly specs: T;
  readonly byCode: ReadonlyMap<number, Entry>;
  /** `byCode` as an array for the codes under 256 (all but a few wide ones). */
  readonly small: readonly (Entry | undefined)[];
  /** This table's option list reader and writer, compiled for it (see `compileReader`). */
  readonly readList: (b: Buffer, off: number, end: number, call: number) => Record<string, unknown>;
  readonly writeList: (b: Buffer, off: number, opts: Record<string, unknown>) => number;
}

export function optionTable<T extends Record<string, AnySpec>>(fmt: TlvFormat, specs: T): OptionTable<T> {
  const byCode = new Map<number, Entry>();
  const small = new Array<Entry | undefined>(256).fill(undefined);
  for (const name in specs) {
    const entry: Entry = { name, spec: specs[name] };
    if (!Number.isInteger(entry.spec.code) || entry.spec.code < 0 || entry.spec.code > 0xffff) throw new Error(`optionTable: ${fmt.what} "${name}" has code ${entry.spec.code}`);
    byCode.set(entry.spec.code, entry);
    if (entry.spec.code < 256) small[entry.spec.code] = entry;
  }
  const keyOf = (code: number) => (code < 256 ? small[code] : byCode.get(code))?.name ?? `option${code}`;
  const readList = compileReader(fmt, [...byCode.values()], (b, start, end, code) => joined(table, b, start, end, code), keyOf);
  const writeList = compileWriter(fmt, specs, (key) => rawCode(table, key));
  const table: OptionTable<T> = { fmt, specs, byCode, small, readList, writeList };
  return table;
}

/*
 * Each table's reader and writer are compiled for it from source, once. The generic loop they
 * replace called each option's codec through a variable (a call V8 cannot inline, the same site
 * seeing every codec), looked each name up, and stored each value under a key that varies — V8's
 * slowest way to add a property. Here every option has its own `case`, calling its own codec
 * (inlined) and storing under a fixed name. Only numbers and JSON string literals go into the
 * source; codecs and helpers come in as arguments.
 */

/**
 * What `new Options()` makes is what `{}` makes — an object whose prototype is Object.prototype,
 * its constructor Object — but V8 sizes the objects a constructor makes to the properties they end
 * up with, where `{}` has room for four and moves a fifth option and on to a separate store.
 */
function Options(): void {}
(Options as unknown as { prototype: object }).prototype = Object.prototype;

const int = (n: number | undefined, what: string): number => {
  if (n === undefined || !Number.isInteger(n)) throw new Error(`optionTable: ${what} ${n} is not an integer`);
  return n;
};

function compileReader(
  fmt: TlvFormat,
  entries: Entry[],
  join: (b: Buffer, start: number, end: number, code: number) => Buffer,
  keyOf: (code: number) => string,
): OptionTable<object>['readList'] {
  const hl = fmt.wide ? 4 : 2;
  const size = fmt.counts === 'value' ? `${hl} + len` : fmt.counts === 'all' ? 'len' : 'len * 8';
  const cases = entries.map((e, i) => {
    const key = JSON.stringify(e.name);
    const store = e.spec.many ? `{ const v = c${i}.read(value, vs, ve); const a = out[${key}]; if (a === undefined) out[${key}] = [v]; else a.push(v); }` : `out[${key}] = c${i}.read(value, vs, ve);`;
    return `      case ${int(e.spec.code, 'code')}: ${store} break;`;
  });
  const source = `
${entries.map((_, i) => `const c${i} = codecs[${i}];`).join('\n')}
return function readList(b, off, end, call) {
  const out = new Options();
  const start = off;
  while (off < end) {
    let code;
    ${fmt.wide ? `need(off, 2, end, what, 'code'); code = (b[off] << 8) | b[off + 1];` : 'code = b[off];'}
    ${fmt.pad === undefined ? '' : `if (code === ${int(fmt.pad, 'pad')}) { off++; continue; }`}
    ${fmt.stop === undefined ? '' : `if (code === ${int(fmt.stop, 'stop')}) break;`}
    need(off, ${hl}, end, what, code);
    const len = ${fmt.wide ? '(b[off + 2] << 8) | b[off + 3]' : 'b[off + 1]'};
    const size = ${size};
    if (size < ${hl}) throw new DecodeError(what + ' ' + code + ' has length ' + len + ', shorter than its own header', off);
    if (off + size > end) throw new DecodeError(what + ' ' + code + ' (' + size + ' bytes) overruns the ' + (end - off) + ' bytes left', off);
    let vs = off + ${hl};
    let ve = off + size;
    off = ve;
    ${fmt.skip === undefined ? '' : `if (code === ${int(fmt.skip, 'skip')}) continue;`}
    let value = b;
    ${
      fmt.join !== true
        ? ''
        : `let again;
    if (call !== 0) {
      again = SEEN[code] === call;
      SEEN[code] = call;
    } else again = out[keyOf(code)] !== undefined;
    if (again) {
      value = join(b, start, end, code);
      vs = 0;
      ve = value.length;
    }`
    }
    switch (code) {
${cases.join('\n')}
      default: out['option' + code] = value.subarray(vs, ve);
    }
  }
  return out;
};`;
  const make = new Function('codecs', 'what', 'need', 'DecodeError', 'SEEN', 'join', 'keyOf', 'Options', source);
  return make(
    entries.map((e) => e.spec.codec),
    fmt.what,
    need,
    DecodeError,
    SEEN,
    join,
    keyOf,
    Options,
  );
}


function compileWriter(fmt: TlvFormat, specs: Record<string, AnySpec>, rawCode: (key: string) => number): OptionTable<object>['writeList'] {
  const hl = fmt.wide ? 4 : 2;
  const names = Object.keys(specs);
  /** Writes value `v` of the option with codec `c` and code `code` at `off`, moving `off` past it. */
  const one = (c: string, code: number, v: string) => `{
          let end = ${c}.write(b, off + ${hl}, ${v});
          let len = end - off - ${hl};
          ${fmt.counts === 'all' ? `len += ${hl};` : ''}
          ${fmt.counts === 'all8' ? 'const padded = (end - off + 7) & ~7; zero(b, end, off + padded); end = off + padded; len = padded / 8;' : ''}
          if (len > ${fmt.wide ? 0xffff : 0xff}) {
            ${fmt.join ? `off = split(b, off, end, ${code});` : `fail(what + ' ${code} is too long (' + len + ' bytes)');`}
          } else {
            ${fmt.wide ? `b[off] = ${code >> 8}; b[off + 1] = ${code & 0xff}; b[off + 2] = len >>> 8; b[off + 3] = len;` : `b[off] = ${code}; b[off + 1] = len;`}
            off = end;
          }
        }`;
  const cases = names.map((name, i) => {
    const code = int(specs[name].code, 'code');
    const body = specs[name].many ? `for (let k = 0; k < v.length; k++) { const each = v[k]; ${one(`c${i}`, code, 'each')} }` : one(`c${i}`, code, 'v');
    return `      case ${JSON.stringify(name)}:\n        ${body}\n        break;`;
  });
  const source = `
${names.map((_, i) => `const c${i} = codecs[${i}];`).join('\n')}
return function writeList(b, off, o) {
  for (const key in o) {
    const v = o[key];
    if (v === undefined) continue;
    switch (key) {
${cases.join('\n')}
      default: off = writeOne(fmt, b, off, rawCode(key), rawBytes, v);
    }
  }
  return off;
};`;
  const make = new Function('codecs', 'what', 'fmt', 'zero', 'split', 'fail', 'writeOne', 'rawCode', 'rawBytes', source);
  return make(
    names.map((n) => specs[n].codec),
    fmt.what,
    fmt,
    zero,
    split,
    fail,
    writeOne,
    rawCode,
    rawBytes,
  );
}

/** For RFC 3396 joins: the call (a number from `calls`) that last met each narrow code. Asking the
 * options object instead costs a generic property lookup per option. Not re-entered (`seenBusy`). */
const SEEN = new Float64Array(256);
let calls = 0;
let seenBusy = false;

/** Decodes the option list between `off` and `end`. */
export function readOptions<T>(t: OptionTable<T>, b: Buffer, off: number, end: number): OptionsOf<T> {
  if (t.fmt.join !== true || t.fmt.wide || seenBusy) return t.readList(b, off, end, 0) as OptionsOf<T>;
  seenBusy = true;
  try {
    return t.readList(b, off, end, ++calls) as OptionsOf<T>;
  } finally {
    seenBusy = false;
  }
}

/** RFC 3396: every instance of a DHCPv4 option, concatenated. */
function joined<T>(t: OptionTable<T>, b: Buffer, off: number, end: number, code: number): Buffer {
  const parts: Buffer[] = [];
  while (off < end && b[off] !== t.fmt.stop) {
    if (b[off] === t.fmt.pad) {
      off++;
      continue;
    }
    if (b[off] === code) parts.push(b.subarray(off + 2, off + 2 + b[off + 1]));
    off += 2 + b[off + 1];
  }
  return Buffer.concat(parts);
}

const rawBytes: Codec<Uint8Array> = { read: (b, off, end) => view(b, off, end), write: writeBytes };

/** Encodes an options object in its key order; `undefined` values are left out. */
export function writeOptions<T>(t: OptionTable<T>, b: Buffer, off: number, opts: OptionsInit<T>): number {
  return t.writeList(b, off, opts as Record<string, unknown>);
}

function rawCode<T>(t: OptionTable<T>, key: string): number {
  const m = /^option(\d+)$/.exec(key);
  if (m === null) fail(`unknown ${t.fmt.what} "${key}"; known: ${Object.keys(t.specs as object).join(', ')}, or option<code>`);
  return Number(m[1]);
}

function writeOne<V>(fmt: TlvFormat, b: Buffer, off: number, code: number, codec: Codec<unknown, V>, v: V): number {
  const hl = fmt.wide ? 4 : 2;
  let end = codec.write(b, off + hl, v);
  let len = end - off - hl;
  if (fmt.counts === 'all') len += hl;
  if (fmt.counts === 'all8') {
    const padded = (end - off + 7) & ~7;
    zero(b, end, off + padded);
    end = off + padded;
    len = padded / 8;
  }
  if (len > (fmt.wide ? 0xffff : 0xff)) {
    if (!fmt.join) fail(`${fmt.what} ${code} is too long (${len} bytes)`);
    return split(b, off, end, code);
  }
  if (fmt.wide) {
    put16(b, off, code);
    put16(b, off + 2, len);
  } else {
    b[off] = code;
    b[off + 1] = len;
  }
  return end;
}

/** RFC 3396: a long DHCPv4 value becomes consecutive options of at most 255 bytes each. */
function split(b: Buffer, off: number, end: number, code: number): number {
  const value = Buffer.from(b.subarray(off + 2, end));
  for (let i = 0; i < value.length; i += 255) {
    const part = value.subarray(i, i + 255);
    b[off] = code;
    b[off + 1] = part.length;
    off = writeBytes(b, off + 2, part);
  }
  return off;
}

// Value codecs shared by the option tables. Readers check the length they are given.

export const bytes = rawBytes;

export const flag: Codec<true> = {
  read: (_b, off, end) => (sized(off, end, 0, 'flag option'), true),
  write: (_b, off) => off,
};

export const u8: Codec<number> = {
  read: (b, off, end) => (sized(off, end, 1, 'one-byte option'), b[off]),
  write: (b, off, v) => ((b[off] = v), off + 1),
};
export const u16: Codec<number> = {
  read: (b, off, end) => (sized(off, end, 2, 'two-byte option'), get16(b, off)),
  write: (b, off, v) => put16(b, off, v),
};
export const u32: Codec<number> = {
  read: (b, off, end) => (sized(off, end, 4, 'four-byte option'), get32(b, off)),
  write: (b, off, v) => put32(b, off, v),
};
export const i32: Codec<number> = {
  read: (b, off, end) => (sized(off, end, 4, 'integer option'), b.readInt32BE(off)),
  write: (b, off, v) => b.writeInt32BE(v, off),
};

export const str: Codec<string> = { read: (b, off, end) => readText(b, off, end), write: writeText };

export const ip4: Codec<string> = { read: (b, off, end) => (sized(off, end, 4, 'IPv4 address'), readIp4(b, off)), write: writeIp4 };
export const ip6: Codec<string> = { read: (b, off, end) => (sized(off, end, 16, 'IPv6 address'), readIp6(b, off)), write: writeIp6 };
/** A link-layer address of any length, as colon hex. */
export const lla: Codec<string> = { read: (b, off, end) => readHexColon(b, off, end - off), write: writeHexColon };

/** A run of fixed-size items: several addresses, a parameter request list. */
export function listOf<V>(size: number, item: Codec<V>): Codec<V[]> {
  return {
    read: (b, off, end) => {
      sized(off, end, size, 'list option', true);
      const out: V[] = [];
      for (; off < end; off += size) out.push(item.read(b, off, off + size));
      return out;
    },
    write: (b, off, vs) => {
      for (const v of vs) off = item.write(b, off, v);
      return off;
    },
  };
}

/*
 * The lists options carry most — addresses, requested option codes — with the item's reader and
 * writer called by name. Each is written out rather than made by one factory: closures made by one
 * function share what V8 learns at each call in them, so a shared list reader would see readIp4,
 * readIp6 and get16 at its one call and call them all through a variable, never inlined.
 */
export const ip4s: Codec<string[]> = {
  read: (b, off, end) => {
    sized(off, end, 4, 'list option', true);
    // Sized at once: a list grown by push starts with room for 17 items, and most hold one.
    const out = new Array<string>((end - off) / 4);
    for (let i = 0; off < end; off += 4) out[i++] = readIp4(b, off);
    return out;
  },
  write: (b, off, vs) => {
    for (let i = 0; i < vs.length; i++) off = writeIp4(b, off, vs[i]);
    return off;
  },
};
export const ip6s: Codec<string[]> = {
  read: (b, off, end) => {
    sized(off, end, 16, 'list option', true);
    const out = new Array<string>((end - off) / 16);
    for (let i = 0; off < end; off += 16) out[i++] = readIp6(b, off);
    return out;
  },
  write: (b, off, vs) => {
    for (let i = 0; i < vs.length; i++) off = writeIp6(b, off, vs[i]);
    return off;
  },
};
export const u16s: Codec<number[]> = {
  read: (b, off, end) => {
    sized(off, end, 2, 'list option', true);
    const out = new Array<number>((end - off) / 2);
    for (let i = 0; off < end; off += 2) out[i++] = get16(b, off);
    return out;
  },
  write: (b, off, vs) => {
    for (let i = 0; i < vs.length; i++) off = put16(b, off, vs[i]);
    return off;
  },
};
export const u8s: Codec<number[]> = {
  read: (b, off, end) => {
    const out = new Array<number>(end - off);
    for (let i = 0; off < end; off++) out[i++] = b[off];
    return out;
  },
  write: (b, off, vs) => {
    for (let i = 0; i < vs.length; i++) b[off + i] = vs[i];
    return off + vs.length;
  },
};

/** A one-byte number shown by name (DHCP message type). */
export function named<N extends string>(t: Names<N>): Codec<N | number> {
  return { read: (b, off, end) => t.name(u8.read(b, off, end)), write: (b, off, v) => u8.write(b, off, t.num(v)) };
}

/** DNS names in wire form without compression (RFC 1035 §3.1), as DHCPv6 and NDP DNSSL carry
 * them; zero bytes after the last name are padding. */
export const domains: Codec<string[]> = {
  read: (b, off, end) => {
    const out: string[] = [];
    let name = '';
    while (off < end) {
      const n = b[off++];
      if (n === 0) {
        if (name) out.push(name);
        name = '';
        continue;
      }
      if (n > 63) throw new DecodeError(`DNS label length ${n} (compression is not allowed here)`, off - 1);
      need(off, n, end, 'DNS label');
      name += (name ? '.' : '') + readText(b, off, off + n, true);
      off += n;
    }
    if (name) throw new DecodeError(`DNS name "${name}" is not terminated`, end);
    return out;
  },
  write: (b, off, names) => {
    for (const name of names) {
      for (const label of name.split('.').filter(Boolean)) {
        if (label.length > 63) fail(`DNS label "${label}" is longer than 63 bytes`);
        b[off] = label.length;
        off += 1 + b.write(label, off + 1, 'latin1');
      }
      b[off++] = 0;
    }
    return off;
  },
};
