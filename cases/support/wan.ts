// What the WAN cases (pppoe, ipoe, l2tp) share: the router's WAN state read from its console as
// iproute2 JSON (`ip -j`), the LAN numbered from the delegated prefix, a LAN host that takes an
// address from it by SLAAC, and the world server's view of what arrives.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import type { RunningTopology, Topology } from '../../harness/lab/topology.ts';
import type { Segment } from '../../harness/net/segment.ts';
import type { Guest } from '../../harness/qemu/guest.ts';
import { Host, type RaSeen } from '../../harness/host/host.ts';
import { canonicalIp, parsePrefix, prefixContains, type Decoded } from '../../harness/packets/index.ts';
import { NetrigError, retry } from '../../harness/util/wait.ts';
import { Border, type Session } from '../../peers/border/index.ts';
import { WORLD } from '../../topologies/world.ts';
import { recorder, type Recorder, type Wire } from './wire.ts';

interface IpAddrJson {
  ifname: string;
  addr_info?: Array<{ family: string; local: string; prefixlen: number; address?: string; scope?: string }>;
}
interface IpRouteJson {
  dst: string;
  dev?: string;
  gateway?: string;
}

async function ipJson<T>(router: Guest, args: string): Promise<T> {
  const out = await router.succeed(`ip -j ${args}`);
  try {
    return JSON.parse(out.slice(out.indexOf('['))) as T;
  } catch {
    throw new NetrigError(`ip -j ${args} on ${router.name} printed no JSON: ${out.slice(0, 200)}`);
  }
}

export interface WanState {
  /** The router's IPv4 address on `dev`. */
  ipv4?: string;
  /** The default route's device and gateway (none: a point-to-point default). */
  default4?: { dev?: string; gateway?: string };
  default6?: { dev?: string; gateway?: string };
}

/** The router's IPv4 address on `dev` and its default routes, as its own `ip` reports them. */
export async function wanState(router: Guest, dev: string): Promise<WanState> {
  const addrs = await ipJson<IpAddrJson[]>(router, `-4 addr show dev ${dev}`).catch(() => [] as IpAddrJson[]);
  const ipv4 = addrs[0]?.addr_info?.find((a) => a.family === 'inet')?.local;
  const d4 = (await ipJson<IpRouteJson[]>(router, '-4 route show default'))[0];
  const d6 = (await ipJson<IpRouteJson[]>(router, '-6 route show default'))[0];
  return { ipv4, default4: d4 && { dev: d4.dev, gateway: d4.gateway }, default6: d6 && { dev: d6.dev, gateway: d6.gateway } };
}

/** The router's global IPv6 addresses on `lan`. */
export async function lanGlobals(router: Guest): Promise<string[]> {
  const addrs = await ipJson<IpAddrJson[]>(router, '-6 addr show dev lan scope global');
  return (addrs[0]?.addr_info ?? []).filter((a) => a.family === 'inet6').map((a) => a.local);
}

/** Waits until the router's lan carries an address inside `prefix` (the delegated one); returns it. */
export async function waitForLanIn(router: Guest, prefix: string, timeout = 60_000): Promise<string> {
  let last: string[] = [];
  return retry(
    async () => {
      last = await lanGlobals(router);
      return last.find((a) => prefixContains(prefix, `${a}/128`));
    },
    { timeout, interval: 250, what: `an address from ${prefix} on the router's lan`, evidence: () => `lan has ${last.join(', ') || 'no global address'}\n${router.evidence()}` },
  );
}

/** The first /64 PIO of `ra` inside `prefix`, or undefined. */
export function pioWithin(ra: RaSeen, prefix: string): string | undefined {
  return ra.prefixes.find((p) => parsePrefix(p).length === 64 && prefixContains(prefix, p));
}

export interface LanClient {
  host: Host;
  /** IPv4 lease from the router's DHCPv4. */
  ip4: string;
  /** The SLAAC address inside the delegated prefix. */
  ip6: string;
  /** The /64 it came from. */
  pio: string;
}

/**
 * A userspace LAN host: DHCPv4 lease, then router solicitations until an RA advertises a /64
 * inside `delegated`, and SLAAC from that /64 alone (the router also advertises its ULA).
 */
export async function lanClient(lan: Segment, delegated: string, name = 'client', mac = '52:54:00:c1:00:01'): Promise<LanClient> {
  const host = new Host(await lan.attach(name), name, mac);
  const lease = await host.dhcp({ timeout: 15_000 });
  let seen: RaSeen | undefined;
  const { ra, pio } = await retry(
    async () => {
      seen = await host.solicit({ timeout: 3000 }).catch(() => undefined);
      const p = seen && pioWithin(seen, delegated);
      return p && seen ? { ra: seen, pio: p } : undefined;
    },
    { timeout: 30_000, interval: 500, what: `an RA on lan with a /64 inside ${delegated}`, evidence: () => `last RA prefixes: ${seen?.prefixes.join(', ') ?? '(no RA)'}\n${host.evidence()}` },
  );
  const only = { ...ra, ra: { ...ra.ra, options: { ...ra.ra.options, prefix: (ra.ra.options.prefix ?? []).filter((p) => p.prefix === pio) } } };
  const ip6 = await host.slaac(only);
  return { host, ip4: lease.address, ip6, pio };
}

/** Retries `attempt` (a ping, say) until it succeeds; for "works again within N s" after a disruption. */
export async function worksWithin<T>(what: string, ms: number, attempt: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const t0 = performance.now();
  let lastError: unknown;
  const { value } = await retry(
    async () => {
      try {
        // Boxed: an attempt that resolves with nothing has still succeeded.
        return { value: await attempt() };
      } catch (e) {
        lastError = e;
        return undefined;
      }
    },
    { timeout: ms, interval: 500, what, evidence: () => `last attempt: ${(lastError as Error)?.message ?? lastError}` },
  );
  return { value, seconds: (performance.now() - t0) / 1000 };
}

/** An ICMP echo request the world server received from `src` (IPv4 or IPv6). */
export function echoFrom(src: string): (f: Decoded) => boolean {
  return (f) => (f.ipv4?.src === src && f.icmp4?.type === 'echo-request') || (f.ipv6?.src === src && f.icmp6?.type === 'echo-request');
}

/** A DHCPv6 Reply that delegates `prefix` (on access, or inside a PPPoE session there). */
export function pdReplyOf(prefix: string): (f: Decoded) => boolean {
  return (f) => f.dhcp6?.type === 'reply' && (f.dhcp6.options.iaPd ?? []).some((ia) => (ia.options.iaPrefix ?? []).some((p) => prefixContains(prefix, p.prefix) && prefixContains(p.prefix, prefix)));
}

/** Saves the border's logs into the lab's artifacts (`border.logs/`), never failing the suite for it. */
export async function keepBorderLogs(border: Border | undefined, artifacts: string | undefined, router?: Guest): Promise<void> {
  if (!artifacts) return;
  if (border) await border.saveLogs(`${artifacts}/border.logs`).catch((e: Error) => process.stderr.write(`border logs not saved: ${e.message.split('\n')[0]}\n`));
  if (router) await keepGuestLogs(router, `${artifacts}/router.logs`).catch((e: Error) => process.stderr.write(`router logs not saved: ${e.message.split('\n')[0]}\n`));
}

/** Copies a guest's /var/log/*.log (the fixtures' pppd, dhcpcd and hook logs; none on most images) into `dir`. */
async function keepGuestLogs(g: Guest, dir: string): Promise<void> {
  const list = (await g.exec('for f in /var/log/*.log; do [ -f "$f" ] && echo "$f"; done; true', { timeout: 30_000 })).output.split('\n').map((l) => l.trim()).filter((l) => /^\/var\/log\/[\w.-]+\.log$/.test(l));
  if (!list.length) return;
  fs.mkdirSync(dir, { recursive: true });
  for (const file of list) {
    const r = await g.exec(`cat ${file}`, { timeout: 30_000 });
    fs.writeFileSync(path.join(dir, path.basename(file)), r.output.endsWith('\n') || !r.output ? r.output : `${r.output}\n`);
  }
}

export interface WanSpec {
  /** Router interface that carries the WAN IPv4 address (ppp0 over PPP, wan for IPoE). */
  wanDev: string;
  /** Title of the "WAN comes up" case (start it with a requirement ID where one applies). */
  upTitle: string;
  /** Wire evidence on `access` that the ISP gave the router `ipv4`. */
  upEvidence: (ipv4: string) => Array<[(f: Decoded) => boolean, string]>;
  /** Title of the "prefix delegated" case. */
  pdTitle: string;
  /** Wire evidence on `access` that `prefix` was delegated (none where it is tunnelled out of sight). */
  pdEvidence: (prefix: string) => Array<[(f: Decoded) => boolean, string]>;
}

export interface WanContext {
  border(): Border;
  /** The router's session at the border, once it has IPv4 (PPP: and a prefix). */
  up(): Promise<Session>;
  /** The prefix the border delegated to the router. */
  pd(): Promise<string>;
  /** The LAN host, addressed from the delegated prefix. */
  lan(): Promise<LanClient>;
  /** Forget the session (after a disruption, the next up() looks again). */
  forget(s?: Session): void;
}

/**
 * The cases every WAN service must pass, registered in the calling describe on `topo`: the WAN
 * comes up with an IPv4 address and default route from the ISP, a prefix is delegated and
 * numbers the LAN, a LAN host forms an address from it by SLAAC, and LAN → world works over
 * IPv4 (NAT44: the world sees the WAN address) and IPv6 (the world sees the host's address).
 * Returns the shared state for further cases (recovery) in the same describe.
 */
export function wanBasics(topo: () => RunningTopology, spec: WanSpec): WanContext {
  let border: Border | undefined;
  let session: Session | undefined;
  let delegated: string | undefined;
  let client: LanClient | undefined;
  const ctx: WanContext = {
    border: () => (border ??= new Border(topo().border!)),
    up: async () => (session ??= await ctx.border().waitForSession({ router: topo().router, with: ['ipv4'], timeout: 60_000 })),
    pd: async () => {
      if (delegated) return delegated;
      await ctx.up();
      // The prefix may trail the IPv4 session (PD is asked for once IPv6CP or the RA is there).
      await ctx.border().waitForSession({ router: topo().router, with: ['prefix'], timeout: 60_000 });
      return (delegated = await ctx.border().delegatedPrefix(topo().router));
    },
    lan: async () => (client ??= await lanClient(topo().segments.lan, await ctx.pd())),
    forget: (s) => {
      session = s;
    },
  };

  afterAll(async () => {
    client?.host.close();
    await keepBorderLogs(border, topo().lab.artifacts, topo().router);
  });

  test(spec.upTitle, async () => {
    const { router, segments } = topo();
    const s = await ctx.up();
    // The border records the session a moment before the router's own hooks have run.
    let wan: WanState = {};
    await retry(async () => ((wan = await wanState(router, spec.wanDev)).ipv4 === s.ipv4 && wan.default4?.dev === spec.wanDev ? true : undefined), {
      timeout: 15_000,
      interval: 250,
      what: `${spec.wanDev} to carry ${s.ipv4} and the default route on the router`,
    }).catch(() => undefined);
    expect(wan.ipv4).toBe(s.ipv4);
    expect(wan.default4?.dev).toBe(spec.wanDev);
    for (const [pred, what] of spec.upEvidence(s.ipv4!)) expect(segments.access).toHaveSeen(pred, what);
  });

  test(spec.pdTitle, async () => {
    const { router, segments } = topo();
    const prefix = await ctx.pd();
    expect(prefixContains('3fff:100::/40', prefix)).toBe(true);
    await waitForLanIn(router, prefix);
    for (const [pred, what] of spec.pdEvidence(prefix)) expect(segments.access).toHaveSeen(pred, what);
    const wan = await retry(async () => {
      const w = await wanState(router, spec.wanDev);
      return w.default6 ? w : undefined;
    }, { timeout: 20_000, interval: 500, what: 'an IPv6 default route on the router' });
    expect(wan.default6?.dev).toBe(spec.wanDev);
  });

  test('L-2: a LAN host forms a SLAAC address from a /64 of the delegated prefix', async () => {
    const prefix = await ctx.pd();
    const c = await ctx.lan();
    expect(prefixContains(prefix, c.pio)).toBe(true);
    expect(prefixContains(c.pio, `${c.ip6}/128`)).toBe(true);
  });

  test("NAT44-SRC: LAN → world over IPv4 arrives from the router's WAN address", async () => {
    const { hosts } = topo();
    const s = await ctx.up();
    const c = await ctx.lan();
    await expect(c.host.ping(WORLD.server4, { timeout: 5000 })).resolves.toBeReachable();
    expect(hosts.server).toHaveSeen(echoFrom(s.ipv4!), `an echo request from the WAN address ${s.ipv4}`);
    expect(hosts.server).not.toHaveSeen(echoFrom(c.ip4), `an echo request from the LAN address ${c.ip4}`);
  });

  test("LAN → world over IPv6 arrives from the LAN host's own global address", async () => {
    const { hosts } = topo();
    const c = await ctx.lan();
    await expect(c.host.ping6(WORLD.server6, { timeout: 5000 })).resolves.toBeReachable();
    expect(hosts.server).toHaveSeen(echoFrom(c.ip6), `an echo request from ${c.ip6}`);
  });

  return ctx;
}

/** A DHCPACK on access giving `ipv4`. */
export function dhcpAckOf(ipv4: string): (f: Decoded) => boolean {
  return (f) => f.dhcp4?.options.messageType === 'ack' && f.dhcp4.yiaddr === ipv4;
}

/**
 * `topology` with extra words on its border's kernel command line (`netrig.dhcp4.lease=20`,
 * `netrig.hold=dhcp6,radvd`…), under its own name so its labs and artifacts are told apart.
 */
export function withBorderWords(topology: Topology, name: string, words: string[]): Topology {
  const nodes = Object.fromEntries(
    Object.entries(topology.nodes).map(([n, node]) => [n, node.role === 'border' ? { ...node, cmdline: [...(node.cmdline ?? []), ...words] } : node]),
  );
  return { ...topology, name, description: `${topology.description}; border: ${words.join(' ')}`, nodes };
}

export type SeenDecoded = Wire;

const records = new WeakMap<Segment, Recorder>();
/** Every frame that crossed `segment` so far, decoded (once: cases/support/wire.ts), oldest first. */
export function decoded(segment: Segment): Wire[] {
  let r = records.get(segment);
  if (!r) records.set(segment, (r = recorder(segment)));
  return r();
}

/** The MAC of `guest`'s NIC named `nic` (the router's `wan`, the border's `access`…). */
export function macOf(guest: Guest, nic: string): string {
  const n = guest.nics.find((x) => x.name === nic);
  if (!n) throw new NetrigError(`${guest.name} has no NIC named ${nic} (has ${guest.nics.map((x) => x.name).join(', ')})`);
  return n.mac.toLowerCase();
}

/**
 * A LAN host once the WAN is up and the router routes: the border has the router's lease and
 * prefix, and LAN → world answers over IPv4 and IPv6 (within `ms`: the border records a lease
 * before the router has installed its routes). The starting point of a case that disturbs.
 */
export async function onlineLanClient(topo: () => RunningTopology, ms = 30_000): Promise<LanClient> {
  const { router, segments } = topo();
  const border = new Border(topo().border!);
  await border.waitForSession({ router, with: ['ipv4', 'prefix'], timeout: 60_000 });
  const c = await lanClient(segments.lan, await border.delegatedPrefix(router));
  await worksWithin('LAN → world over IPv4 and IPv6', ms, async () => {
    await c.host.ping(WORLD.server4, { timeout: 1000 });
    await c.host.ping6(WORLD.server6, { timeout: 1000 });
  });
  return c;
}

/** An address (::1) in the /64 next to `pio` (its last prefix bit flipped): same /63, not on that link. */
export function neighbourOf(pio: string): string {
  const p = parsePrefix(pio);
  if (p.length !== 64) throw new NetrigError(`neighbourOf: ${pio} is not a /64`);
  const b = Uint8Array.from(p.bytes);
  b[7] ^= 0x01;
  b.fill(0, 8);
  b[15] = 1;
  return canonicalIp(Array.from({ length: 8 }, (_, i) => ((b[2 * i] << 8) | b[2 * i + 1]).toString(16)).join(':'));
}
