// IPv6 Neighbor Discovery (RFC 4861) as ICMPv6 carries it: router solicitations and
// advertisements, neighbor solicitations and advertisements, redirects, and their options —
// link-layer addresses, prefix information, MTU, route information (RFC 4191), RDNSS and DNSSL
// (RFC 8106) — decoded by name: `ra.options.prefix[0].prefix === '3fff:0:0:1::/64'`.

import { readIp6, readPrefix6, writeIp6, writePrefix6 } from './addr.ts';
import { DecodeError, get16, get32, names, need, put16, put32, sized, writeBytes, zero, type Init } from './bytes.ts';
import { domains, ip6s, lla, one, optionTable, readOptions, some, writeOptions, type Codec, type OptionsInit, type OptionsOf } from './tlv.ts';

/** Router preference (RFC 4191 §2.1). */
export const PREFERENCE = names('router preference', { medium: 0, high: 1, reserved: 2, low: 3 });
export type Preference = 'medium' | 'high' | 'low' | 'reserved';

export interface Pio {
  /** e.g. "3fff:0:0:1::/64" */
  prefix: string;
  onLink: boolean;
  autonomous: boolean;
  validLifetime: number;
  preferredLifetime: number;
}

export interface RouteInfo {
  prefix: string;
  preference: Preference;
  lifetime: number;
}

export interface Rdnss {
  lifetime: number;
  servers: string[];
}

export interface Dnssl {
  lifetime: number;
  domains: string[];
}

const preference = (bits: number): Preference => PREFERENCE.name((bits >> 3) & 3) as Preference;

const pio: Codec<Pio, Init<Pio, 'prefix'>> = {
  read: (b, off, end) => {
    sized(off, end, 30, 'prefix information option');
    return {
      prefix: readPrefix6(b, off + 14, b[off]),
      onLink: (b[off + 1] & 0x80) !== 0,
      autonomous: (b[off + 1] & 0x40) !== 0,
      validLifetime: get32(b, off + 2),
      preferredLifetime: get32(b, off + 6),
    };
  },
  write: (b, off, p) => {
    b[off] = writePrefix6(b, off + 14, p.prefix);
    b[off + 1] = (p.onLink === false ? 0 : 0x80) | (p.autonomous === false ? 0 : 0x40);
    put32(b, off + 2, p.validLifetime ?? 86400);
    put32(b, off + 6, p.preferredLifetime ?? 14400);
    put32(b, off + 10, 0);
    return off + 30;
  },
};

/** Room for a route's prefix, zero-filled past the bytes the option carries; nothing lives in it between
 * calls. A Buffer, like the frames readPrefix6 otherwise reads (see TMP in addr.ts). */
const ROUTE = Buffer.alloc(16);

const routeInfo: Codec<RouteInfo, Init<RouteInfo, 'prefix'>> = {
  read: (b, off, end) => {
    need(off, 6, end, 'route information option');
    const bytes = ROUTE;
    const n = end - off - 6;
    if (n > 16 || b[off] > n * 8) throw new DecodeError(`route information option carries ${n} prefix bytes for a /${b[off]}`, off);
    for (let i = 0; i < 16; i++) bytes[i] = i < n ? b[off + 6 + i] : 0;
    return { prefix: readPrefix6(bytes, 0, b[off]), preference: preference(b[off + 1]), lifetime: get32(b, off + 2) };
  },
  write: (b, off, r) => {
    b[off] = writePrefix6(b, off + 6, r.prefix);
    b[off + 1] = PREFERENCE.num(r.preference ?? 'medium') << 3;
    put32(b, off + 2, r.lifetime ?? 1800);
    return off + 22;
  },
};

/** Options whose value follows two reserved bytes and a 32-bit lifetime (RDNSS, DNSSL). `make`
 * builds the value with a literal, so each kind of value keeps one object shape. */
function lifetimeList<K extends 'servers' | 'domains'>(what: string, key: K, list: Codec<string[]>, make: (lifetime: number, items: string[]) => { lifetime: number } & Record<K, string[]>) {
  type V = { lifetime: number } & Record<K, string[]>;
  const codec: Codec<V, { lifetime?: number } & Record<K, string[]>> = {
    read: (b, off, end) => {
      need(off, 6, end, what);
      return make(get32(b, off + 2), list.read(b, off + 6, end)) as V;
    },
    write: (b, off, v) => {
      put16(b, off, 0);
      put32(b, off + 2, v.lifetime ?? 1800);
      return list.write(b, off + 6, v[key]);
    },
  };
  return codec;
}

const mtu: Codec<number> = {
  read: (b, off, end) => (sized(off, end, 6, 'MTU option'), get32(b, off + 2)),
  write: (b, off, v) => (put16(b, off, 0), put32(b, off + 2, v)),
};

const redirected: Codec<Uint8Array> = {
  read: (b, off, end) => (need(off, 6, end, 'redirected header option'), b.subarray(off + 6, end)),
  write: (b, off, v) => (zero(b, off, off + 6), writeBytes(b, off + 6, v)),
};

const ND_OPTIONS = optionTable(
  { what: 'NDP option', wide: false, counts: 'all8' },
  {
    sourceLla: one(1, lla),
    targetLla: one(2, lla),
    prefix: some(3, pio),
    redirected: one(4, redirected),
    mtu: one(5, mtu),
    route: some(24, routeInfo),
    rdnss: some(25, lifetimeList('RDNSS option', 'servers', ip6s, (lifetime, servers) => ({ lifetime, servers }))),
    dnssl: some(31, lifetimeList('DNSSL option', 'domains', domains, (lifetime, domains) => ({ lifetime, domains }))),
  },
);
export type NdOptions = OptionsOf<typeof ND_OPTIONS.specs>;
export type NdOptionsInit = OptionsInit<typeof ND_OPTIONS.specs>;

export interface Rs {
  type: 'rs';
  code: number;
  options: NdOptions;
}
export interface Ra {
  type: 'ra';
  code: number;
  hopLimit: number;
  managed: boolean;
  other: boolean;
  preference: Preference;
  /** Seconds; 0 says "not a default router". */
  routerLifetime: number;
  reachableTime: number;
  retransTimer: number;
  options: NdOptions;
}
export interface Ns {
  type: 'ns';
  code: number;
  target: string;
  options: NdOptions;
}
export interface Na {
  type: 'na';
  code: number;
  router: boolean;
  solicited: boolean;
  override: boolean;
  target: string;
  options: NdOptions;
}
export interface Redirect {
  type: 'redirect';
  code: number;
  target: string;
  destination: string;
  options: NdOptions;
}
export type Nd = Rs | Ra | Ns | Na | Redirect;

type NdInitOf<T extends Nd, K extends keyof T> = Init<Omit<T, 'options'>, Exclude<K, 'options'>> & { options?: NdOptionsInit };
export type NdInit =
  | NdInitOf<Rs, 'type'>
  | NdInitOf<Ra, 'type'>
  | NdInitOf<Ns, 'type' | 'target'>
  | NdInitOf<Na, 'type' | 'target'>
  | NdInitOf<Redirect, 'type' | 'target' | 'destination'>;

/** Where each message's options start, after type, code, checksum and the fixed part. */
const OPTIONS_AT = { rs: 8, ra: 16, ns: 24, na: 24, redirect: 40 } as const;

/** Reads the body of an ND message whose first four bytes (type, code, checksum) are at `off`. */
export function readNd(b: Buffer, off: number, end: number, type: Nd['type'], code: number): Nd {
  need(off, OPTIONS_AT[type], end, 'ICMPv6', type);
  const options = readOptions(ND_OPTIONS, b, off + OPTIONS_AT[type], end);
  switch (type) {
    case 'rs':
      return { type, code, options };
    case 'ra': {
      const f = b[off + 5];
      return {
        type,
        code,
        hopLimit: b[off + 4],
        managed: (f & 0x80) !== 0,
        other: (f & 0x40) !== 0,
        preference: preference(f),
        routerLifetime: get16(b, off + 6),
        reachableTime: get32(b, off + 8),
        retransTimer: get32(b, off + 12),
        options,
      };
    }
    case 'ns':
      return { type, code, target: readIp6(b, off + 8), options };
    case 'na': {
      const f = b[off + 4];
      return { type, code, router: (f & 0x80) !== 0, solicited: (f & 0x40) !== 0, override: (f & 0x20) !== 0, target: readIp6(b, off + 8), options };
    }
    case 'redirect':
      return { type, code, target: readIp6(b, off + 8), destination: readIp6(b, off + 24), options };
  }
}

/** Writes the body after type, code and checksum; returns the end offset. */
export function writeNd(b: Buffer, off: number, m: NdInit): number {
  zero(b, off + 4, off + OPTIONS_AT[m.type]);
  switch (m.type) {
    case 'ra':
      b[off + 4] = m.hopLimit ?? 64;
      b[off + 5] = (m.managed ? 0x80 : 0) | (m.other ? 0x40 : 0) | (PREFERENCE.num(m.preference ?? 'medium') << 3);
      put16(b, off + 6, m.routerLifetime ?? 1800);
      put32(b, off + 8, m.reachableTime ?? 0);
      put32(b, off + 12, m.retransTimer ?? 0);
      break;
    case 'na':
      b[off + 4] = (m.router ? 0x80 : 0) | (m.solicited ? 0x40 : 0) | (m.override ? 0x20 : 0);
      writeIp6(b, off + 8, m.target);
      break;
    case 'ns':
      writeIp6(b, off + 8, m.target);
      break;
    case 'redirect':
      writeIp6(b, off + 8, m.target);
      writeIp6(b, off + 24, m.destination);
      break;
  }
  return writeOptions(ND_OPTIONS, b, off + OPTIONS_AT[m.type], m.options ?? {});
}
