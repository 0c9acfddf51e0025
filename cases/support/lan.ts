// What the LAN-side server cases (cases/dhcp/server.test.ts, cases/ipv6-delegation/lan-side.test.ts)
// share: DHCPv4 and DHCPv6 client messages forged exactly as a case needs them (a wrong address,
// a missing identifier, unicast where multicast is due) with the router's answer awaited on the
// segment by transaction id; "no answer" decided against a sentinel the router must answer after
// the probe; DHCPv4 options in the order they are on the wire; a minimal DNS query; the router's
// RAs as the segment saw them, solicited or not; and a second boot of the router for "across
// reboots".
import type { ImageRef } from '../../harness/lab/images.ts';
import { imageOf } from '../../harness/lab/images.ts';
import { Lab } from '../../harness/lab/lab.ts';
import { startTopology, type RunningTopology, type Topology } from '../../harness/lab/topology.ts';
import type { Segment, SeenFrame } from '../../harness/net/segment.ts';
import { Host } from '../../harness/host/host.ts';
import { decodeFrame, dhcp4Client, dhcp6Client, summary, type Decoded, type Dhcp4ClientOpts, type Dhcp6ClientOpts, type Dhcp6Type, type Dhcp4Type, type FrameInit, type Ra } from '../../harness/packets/index.ts';
import { NetrigError } from '../../harness/util/wait.ts';

/** The router's LAN address (topologies/lan.ts) and DHCPv4 server identifier. */
export const ROUTER4 = '192.168.1.1';

/** A fresh random transaction id (DHCPv4: 32 bits). */
export function xid4(): number {
  return (Math.random() * 0xffffffff) >>> 0;
}

/** A fresh random transaction id (DHCPv6: 24 bits). */
export function xid6(): number {
  return (Math.random() * 0xffffff) >>> 0;
}

/** A userspace host on the segment. */
export async function lanHost(lan: Segment, name: string, mac: string): Promise<Host> {
  return new Host(await lan.attach(name), name, mac);
}

/** A frame the router sent, decoded, as the segment saw it. */
export interface Heard {
  frame: Decoded;
  raw: SeenFrame;
}

const fromRouter = (f: SeenFrame) => f.from === 'qemu';

function heard(raw: SeenFrame): Heard {
  return { frame: decodeFrame(raw.data), raw };
}

function lastFrames(lan: Segment): () => string {
  return () => lan.describeLast(12, (f) => `  ${f.from.padEnd(10)} ${summary(f.data)}`);
}

/** Matches the router's DHCPv4 answers (BOOTREPLY) to transaction `xid`, whatever their destination. */
export function reply4To(xid: number): (f: SeenFrame) => boolean {
  return (f) => {
    if (!fromRouter(f)) return false;
    const d = decodeFrame(f.data).dhcp4;
    return d?.op === 2 && d.xid === xid;
  };
}

/** Matches the router's DHCPv6 answers (Advertise, Reply) to transaction `xid`. */
export function reply6To(xid: number): (f: SeenFrame) => boolean {
  return (f) => {
    if (!fromRouter(f)) return false;
    const d = decodeFrame(f.data).dhcp6;
    return (d?.type === 'advertise' || d?.type === 'reply') && d.xid === xid;
  };
}

function xidOf(frame: FrameInit): { xid: number; v6: boolean } {
  if (frame.dhcp4?.xid !== undefined) return { xid: frame.dhcp4.xid, v6: false };
  if (frame.dhcp6?.xid !== undefined) return { xid: frame.dhcp6.xid, v6: true };
  throw new NetrigError('a DHCP probe needs an explicit transaction id (dhcp4.xid or dhcp6.xid)');
}

/**
 * Sends a DHCP client message from `host` — again every 2 s, as a client retransmits — until the
 * router answers its transaction id on the segment; returns that answer.
 */
export async function ask(lan: Segment, host: Host, frame: FrameInit, what: string, timeout = 10_000): Promise<Heard> {
  const { xid, v6 } = xidOf(frame);
  const answer = lan.next(v6 ? reply6To(xid) : reply4To(xid), { timeout, what: `${what} (xid ${xid.toString(16)})`, evidence: lastFrames(lan) });
  host.send(frame);
  const timer = setInterval(() => host.send(frame), 2000);
  try {
    return heard(await answer);
  } finally {
    clearInterval(timer);
  }
}

/**
 * How long after the sentinel's answer an answer to the probe still counts. A DHCPv4 answer to
 * the probe may go to another destination than the sentinel's (unicast to a ciaddr the router
 * must first resolve by ARP) and so cross after it; DHCPv6 answers both go to the client's
 * link-local address, through one neighbour entry that sends what waits on it in order.
 */
const GRACE_MS = { v4: 1000, v6: 250 };

/**
 * Sends `probe` (twice, as a client would retransmit) and then `sentinel`, a message the router
 * answers; the router handles its socket in order, so once the sentinel is answered (and a grace
 * period for a unicast answer waiting on address resolution has passed) every answer to the probe
 * would have crossed the segment. Returns the answers to the probe: none, when the router stayed
 * silent.
 */
export async function answersTo(lan: Segment, host: Host, probe: FrameInit, sentinel: FrameInit, what: string): Promise<Heard[]> {
  const { xid, v6 } = xidOf(probe);
  const match = v6 ? reply6To(xid) : reply4To(xid);
  const got: Heard[] = [];
  const off = lan.onFrame((f) => {
    if (match(f)) got.push(heard(f));
  });
  try {
    host.send(probe);
    host.send(probe);
    await ask(lan, host, sentinel, `the router's answer to the sentinel after ${what}`);
    if (!got.length) await lan.next(match, { timeout: v6 ? GRACE_MS.v6 : GRACE_MS.v4 }).catch(() => undefined);
    return got;
  } finally {
    off();
  }
}

/** One line per frame, for an assertion message. */
export function lines(frames: Heard[]): string {
  return frames.map((h) => summary(h.raw.data)).join('\n') || '(none)';
}

// ---------------------------------------------------------------- DHCPv4

/** A DHCPv4 client message with our choice of every field that matters (see dhcp4Client). */
export function dhcp4(type: Dhcp4Type, o: Dhcp4ClientOpts & { xid: number; broadcast?: boolean; ipSrc?: string; ipDst?: string; dstMac?: string }): FrameInit {
  const f = dhcp4Client(type, o);
  if (o.broadcast) f.dhcp4!.broadcast = true;
  if (o.ipSrc || o.ipDst) f.ipv4 = { src: o.ipSrc ?? f.ipv4!.src, dst: o.ipDst ?? f.ipv4!.dst };
  return f;
}

export interface Lease {
  address: string;
  serverId: string;
  routerMac: string;
  offer: Heard;
  ack: Heard;
}

/** DISCOVER, OFFER, REQUEST (selecting: option 50 and 54), ACK, each forged with `opts`. */
export async function dora(lan: Segment, host: Host, opts: Partial<Dhcp4ClientOpts> & { broadcast?: boolean } = {}): Promise<Lease> {
  const base = { mac: host.mac, hostname: host.name, ...opts };
  const offer = await ask(lan, host, dhcp4('discover', { ...base, xid: xid4() }), `an OFFER for ${host.name}`);
  const o = offer.frame.dhcp4!;
  if (o.options.messageType !== 'offer') throw new NetrigError(`${host.name}: the router answered DISCOVER with ${String(o.options.messageType)}`, summary(offer.raw.data));
  const serverId = o.options.serverId ?? '';
  const ack = await ask(lan, host, dhcp4('request', { ...base, xid: xid4(), requestedIp: o.yiaddr, serverId }), `an ACK for ${host.name}`);
  const a = ack.frame.dhcp4!;
  if (a.options.messageType !== 'ack') throw new NetrigError(`${host.name}: the router answered REQUEST for ${o.yiaddr} with ${String(a.options.messageType)}`, summary(ack.raw.data));
  // From here on the host owns the address: it answers ARP for it, as a bound client does.
  host.configure({ ip4: `${a.yiaddr}/24` });
  return { address: a.yiaddr, serverId, routerMac: ack.frame.eth!.src, offer, ack };
}

export interface RawOption {
  code: number;
  length: number;
}

/**
 * The options of a DHCPv4 message in wire order, with their lengths (Pad and End left out): the
 * decoder keys options by name, which loses order and repetition, and both are what
 * RFC 2132 §3.3 (subnet mask first) and RFC 2131 §4.3.1 (each option once) are about.
 */
export function dhcp4OptionsInOrder(frame: Uint8Array): RawOption[] {
  const b = Buffer.from(frame);
  let off = 14;
  if (b.readUInt16BE(12) === 0x8100) off += 4;
  off += (b[off] & 0x0f) * 4; // IPv4 header
  off += 8; // UDP
  off += 236 + 4; // BOOTP fixed part, magic cookie
  const out: RawOption[] = [];
  while (off < b.length) {
    const code = b[off];
    if (code === 0) {
      off++;
      continue;
    }
    if (code === 255) break;
    const length = b[off + 1];
    out.push({ code, length });
    off += 2 + length;
  }
  return out;
}

// ---------------------------------------------------------------- DNS

/** A DNS query (RFC 1035 §4.1) for `name`, type A, recursion desired. */
export function dnsQuery(id: number, name: string): Uint8Array {
  const labels = name.split('.').filter(Boolean);
  const q = Buffer.alloc(12 + labels.reduce((n, l) => n + 1 + l.length, 0) + 1 + 4);
  q.writeUInt16BE(id, 0);
  q.writeUInt16BE(0x0100, 2); // RD
  q.writeUInt16BE(1, 4); // QDCOUNT
  let off = 12;
  for (const l of labels) {
    q[off++] = l.length;
    off += q.write(l, off, 'ascii');
  }
  q[off++] = 0;
  q.writeUInt16BE(1, off); // QTYPE A
  q.writeUInt16BE(1, off + 2); // QCLASS IN
  return q;
}

/** The header of a DNS message: id, whether it is a response, its RCODE and answer count. */
export function dnsHeader(m: Uint8Array): { id: number; response: boolean; rcode: number; answers: number } {
  const b = Buffer.from(m);
  return { id: b.readUInt16BE(0), response: (b[2] & 0x80) !== 0, rcode: b[3] & 0x0f, answers: b.readUInt16BE(6) };
}

// ---------------------------------------------------------------- DHCPv6 and RAs

/** A DHCPv6 client message from `mac`'s link-local address (see dhcp6Client); `dst` makes it unicast. */
export function dhcp6(type: Dhcp6Type, o: Dhcp6ClientOpts & { xid: number; dst?: { ip: string; mac: string } }): FrameInit {
  const f = dhcp6Client(type, o);
  if (o.dst) {
    f.ipv6 = { ...f.ipv6!, dst: o.dst.ip };
    f.eth = { ...f.eth, dst: o.dst.mac };
  }
  return f;
}

export interface RaHeard {
  ra: Ra;
  frame: Decoded;
  time: number;
  /** The router's answer to an RS on the segment: the RA to the soliciting address within 2 s of
   * it, or (none such) the first multicast RA in that time. */
  solicited: boolean;
}

const ANSWERS_RS_WITHIN_MS = 2000;

/** Every RA the router has sent on the segment so far, oldest first. */
export function routerAdvertisements(lan: Segment): RaHeard[] {
  const out: RaHeard[] = [];
  const rss: Array<{ time: number; src: string }> = [];
  for (const f of lan.frames) {
    const frame = decodeFrame(f.data);
    if (frame.icmp6?.type === 'rs' && !fromRouter(f)) rss.push({ time: f.time, src: frame.ipv6!.src });
    else if (frame.icmp6?.type === 'ra' && fromRouter(f)) out.push({ ra: frame.icmp6 as Ra, frame, time: f.time, solicited: false });
  }
  for (const rs of rss) {
    const window = out.filter((r) => r.time >= rs.time && r.time - rs.time < ANSWERS_RS_WITHIN_MS);
    const answer = window.find((r) => r.frame.ipv6!.dst === rs.src) ?? window.find((r) => r.frame.ipv6!.dst === 'ff02::1');
    if (answer) answer.solicited = true;
  }
  return out;
}

/** The router's periodic RAs so far: multicast to all nodes, none of them an RS's answer. */
export function unsolicitedRas(lan: Segment): RaHeard[] {
  return routerAdvertisements(lan).filter((r) => !r.solicited && r.frame.ipv6?.dst === 'ff02::1');
}

export interface SecondBoot {
  /** The topology booted again, once it is ready (rejects if it could not boot). */
  running: Promise<RunningTopology>;
  /** Tears it down (after its boot has settled). */
  close(): Promise<void>;
}

/**
 * Boots the topology once more, in a lab of its own, in the background: the same image, profile
 * and MACs, so the router comes up as it does after a reboot (its guests run with -no-reboot, so
 * a reboot is a new QEMU anyway, and the fixture keeps no state outside its image). Started
 * early, the boot overlaps the cases that run meanwhile.
 */
export function bootAgain(topology: Topology, ref: ImageRef): SecondBoot {
  let lab: Lab | undefined;
  const running = (async () => {
    lab = await Lab.open({ name: `${topology.name}-${ref.label}-rebooted` });
    return startTopology(lab, topology, { image: imageOf(ref) });
  })();
  running.catch(() => {}); // awaited by whoever needs it; close() must not see it as unhandled
  return {
    running,
    close: async () => {
      await running.catch(() => {});
      await lab?.close();
    },
  };
}
