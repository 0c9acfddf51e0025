// A Host is a userspace IP host on a segment Port: its own MAC, ARP and NDP answered (and DAD
// done), and the verbs a case needs — dhcp, solicit, slaac, dhcp6, ping, probes, listeners —
// each sending exactly the frames a real host would and awaiting the answer from the wire. A
// failing verb says what it sent and shows the last frames the host saw.
import {
  arpReply,
  arpRequest,
  decodeFrame,
  dhcp4Client,
  dhcp6Client,
  echoRequest4,
  echoRequest6,
  encodeFrame,
  linkLocal,
  multicastMac,
  neighborAdvertisement,
  neighborSolicitation,
  parsePrefix,
  prefixContains,
  routerSolicitation,
  slaacAddress,
  summary,
  tcpSegment,
  tcpSyn,
  udpDatagram,
  canonicalIp,
  type Decoded,
  type FrameInit,
  type Ra,
} from '../packets/index.ts';
import type { Port, SeenFrame } from '../net/segment.ts';
import { deadline, NetrigError, type WaitOptions } from '../util/wait.ts';

export interface Seen {
  frame: Decoded;
  raw: SeenFrame;
}

export interface Lease4 {
  address: string;
  prefixLength: number;
  router?: string;
  dns: string[];
  leaseTime?: number;
  serverId: string;
  serverMac: string;
  xid: number;
}

export interface RaSeen {
  /** The router's link-local address and MAC. */
  src: string;
  mac: string;
  ra: Ra;
  /** PIO prefixes, e.g. "3fff:0:0:100::/64". */
  prefixes: string[];
  rdnss: string[];
  mtu?: number;
  routerLifetime: number;
}

export interface Lease6 {
  addresses: string[];
  prefixes: string[];
  serverId: unknown;
  reply: Decoded;
}

export interface PingResult {
  address: string;
  rtt: number;
  reply: Decoded;
}

export type ProbeResult = 'open' | 'closed' | 'filtered';

export interface Listener {
  /** Frames that reached the port so far. */
  readonly received: Seen[];
  /** The next one (or one already received that matches). */
  next(opts?: WaitOptions): Promise<Seen>;
  close(): void;
}

const ICMP_UNREACH_PORT4 = 3;
const ICMP6_UNREACH_PORT = 4;

export class Host {
  /** IPv4 address and prefix length, once configured or leased. */
  ip4?: string;
  prefix4 = 24;
  gateway4?: string;
  /** IPv6 addresses: link-local first, then global ones. */
  readonly ip6: string[];
  /** The IPv6 default router (its MAC is learnt from its RA, or by NS when configured). */
  gateway6?: { ip: string; mac?: string };
  /** On-link IPv6 prefixes (from RAs' PIOs with L set, or configured). */
  readonly onLink6: string[] = [];
  lease?: Lease4;
  /** The most recent frames this host received, decoded (last 500). */
  readonly seen: Seen[] = [];
  private readonly arp = new Map<string, string>();
  private readonly nd = new Map<string, string>();
  private readonly handlers = new Set<(s: Seen) => void>();
  private readonly sent: string[] = [];
  private readonly tcpListeners = new Set<number>();
  private unsubscribe: () => void;
  private nextPort = 40000 + Math.floor(Math.random() * 20000);
  private echoId = 0x4e00;

  constructor(
    readonly port: Port,
    readonly name: string,
    readonly mac: string,
  ) {
    this.ip6 = [linkLocal(mac)];
    this.unsubscribe = port.onFrame((raw) => this.receive(raw));
  }

  // ---------------------------------------------------------------- plumbing

  /** Sends a forged frame (layers, or raw bytes exactly as given). */
  send(frame: FrameInit | Uint8Array): void {
    const bytes = frame instanceof Uint8Array ? frame : encodeFrame(frame);
    this.sent.push(summary(bytes));
    if (this.sent.length > 20) this.sent.shift();
    this.port.send(bytes);
  }

  /** Calls `fn` for every frame this host receives from now on; returns the unsubscribe function. */
  on(fn: (s: Seen) => void): () => void {
    this.handlers.add(fn);
    return () => this.handlers.delete(fn);
  }

  /** The next received frame that satisfies `match`; fails with what was sent and seen. */
  next(match: (f: Decoded) => boolean, opts: WaitOptions = {}): Promise<Seen> {
    let off = () => {};
    const p = new Promise<Seen>((resolve) => {
      off = this.on((s) => {
        if (match(s.frame)) {
          off();
          resolve(s);
        }
      });
    });
    return deadline(p, { timeout: 5000, what: `a reply at ${this.name}`, ...opts, evidence: () => this.evidence(), onGiveUp: off });
  }

  /** What a failure should show: the frames sent and the last frames seen. */
  evidence(): string {
    const seen = this.seen.slice(-10).map((s) => `  ${summary(s.raw.data)}`);
    return [`${this.name} (${this.mac}) sent:`, ...this.sent.slice(-6).map((l) => `  ${l}`), `${this.name} saw (last ${seen.length}):`, ...(seen.length ? seen : ['  nothing'])].join('\n');
  }

  private receive(raw: SeenFrame): void {
    const frame = decodeFrame(raw.data);
    if (!frame.eth) return;
    const dst = frame.eth.dst;
    if (dst !== this.mac && dst !== 'ff:ff:ff:ff:ff:ff' && !dst.startsWith('33:33:')) return;
    const s = { frame, raw };
    this.seen.push(s);
    if (this.seen.length > 500) this.seen.shift();
    this.answer(frame);
    for (const h of [...this.handlers]) h(s);
  }

  /** What a host does by itself: ARP, NDP, echo replies, TCP RST or SYN-ACK. */
  private answer(f: Decoded): void {
    if (f.arp) {
      this.arp.set(f.arp.senderIp, f.arp.senderMac);
      if (f.arp.op === 'request' && this.ip4 && f.arp.targetIp === this.ip4) {
        this.send(arpReply({ mac: this.mac, dstMac: f.arp.senderMac, ip: this.ip4, targetMac: f.arp.senderMac, targetIp: f.arp.senderIp }));
      }
      return;
    }
    const icmp6 = f.icmp6;
    if (f.ipv6 && icmp6 && typeof icmp6.type === 'string') {
      if (icmp6.type === 'ns' && 'target' in icmp6 && this.ip6.includes(canonicalIp(icmp6.target)) && f.ipv6.src !== '::') {
        this.nd.set(f.ipv6.src, f.eth!.src);
        this.send(neighborAdvertisement({ mac: this.mac, dstMac: f.eth!.src, target: icmp6.target, dst: f.ipv6.src, solicited: true }));
      } else if (icmp6.type === 'na' && 'target' in icmp6) {
        this.nd.set(canonicalIp(icmp6.target), icmp6.options.targetLla ?? f.eth!.src);
      } else if (icmp6.type === 'echo-request' && 'id' in icmp6 && this.ip6.includes(canonicalIp(f.ipv6.dst))) {
        this.sendIp6(f.ipv6.src, { icmp6: { type: 'echo-reply', id: icmp6.id, seq: icmp6.seq, data: icmp6.data } }, f.eth!.src, f.ipv6.dst);
      }
      return;
    }
    if (f.ipv4 && f.icmp4 && f.icmp4.type === 'echo-request' && 'id' in f.icmp4 && f.ipv4.dst === this.ip4) {
      this.send({ eth: { src: this.mac, dst: f.eth!.src }, ipv4: { src: this.ip4, dst: f.ipv4.src }, icmp4: { type: 'echo-reply', id: f.icmp4.id, seq: f.icmp4.seq, data: f.icmp4.data } });
      return;
    }
    // Addressed to us: an IPv4 host answers for its own address only (an IPv6 segment has no
    // ipv4 and must not match a host that has no IPv4 address either).
    if (f.tcp && ((f.ipv4 && this.ip4 !== undefined && f.ipv4.dst === this.ip4) || (f.ipv6 && this.ip6.includes(canonicalIp(f.ipv6.dst))))) {
      const ipSrc = f.ipv4?.src ?? f.ipv6!.src;
      const ipDst = f.ipv4?.dst ?? f.ipv6!.dst;
      const syn = f.tcp.flags.includes('S') && !f.tcp.flags.includes('A');
      if (syn) {
        const flags = this.tcpListeners.has(f.tcp.dstPort) ? 'SA' : 'RA';
        this.send(tcpSegment(flags, { mac: this.mac, dstMac: f.eth!.src, src: ipDst, dst: ipSrc, srcPort: f.tcp.dstPort, dstPort: f.tcp.srcPort, seq: 1000, ack: (f.tcp.seq + 1) >>> 0 }));
      }
    }
  }

  // ---------------------------------------------------------------- addressing

  /** Gives the host static addresses, as a world server would have. */
  configure(c: { ip4?: string; gateway4?: string; ip6?: string[]; gateway6?: string }): this {
    if (c.ip4) {
      const [a, len] = c.ip4.split('/');
      this.ip4 = a;
      this.prefix4 = Number(len ?? 24);
    }
    if (c.gateway4) this.gateway4 = c.gateway4;
    for (const a of c.ip6 ?? []) {
      const [addr, len] = a.split('/');
      this.ip6.push(canonicalIp(addr));
      if (len) this.onLink6.push(prefixOf(addr, Number(len)));
    }
    if (c.gateway6) this.gateway6 = { ip: canonicalIp(c.gateway6) };
    return this;
  }

  /** Resolves an on-link IPv4 address to a MAC by ARP. */
  async resolve4(ip: string, opts: WaitOptions = {}): Promise<string> {
    const known = this.arp.get(ip);
    if (known) return known;
    const answered = this.next((f) => f.arp?.op === 'reply' && f.arp.senderIp === ip, { what: `ARP reply from ${ip}`, timeout: 3000, ...opts });
    this.send(arpRequest({ mac: this.mac, ip: this.ip4 ?? '0.0.0.0', target: ip }));
    return (await answered).frame.arp!.senderMac;
  }

  /** Resolves an IPv6 neighbour to a MAC by NS/NA. */
  async resolve6(ip: string, opts: WaitOptions = {}): Promise<string> {
    const target = canonicalIp(ip);
    const known = this.nd.get(target);
    if (known) return known;
    const answered = this.next((f) => f.icmp6?.type === 'na' && 'target' in f.icmp6 && canonicalIp(f.icmp6.target) === target, {
      what: `NA for ${target}`,
      timeout: 3000,
      ...opts,
    });
    this.send(neighborSolicitation({ mac: this.mac, target, src: this.source6(target) }));
    const na = (await answered).frame;
    const mac = (na.icmp6 as { options: { targetLla?: string } }).options.targetLla ?? na.eth!.src;
    this.nd.set(target, mac);
    return mac;
  }

  /** The MAC to send an IPv4 packet for `dst` to: the neighbour, or the gateway. */
  private async nextHop4(dst: string): Promise<string> {
    if (dst === '255.255.255.255') return 'ff:ff:ff:ff:ff:ff';
    if (this.ip4 && sameSubnet4(dst, this.ip4, this.prefix4)) return this.resolve4(dst);
    if (!this.gateway4) throw new NetrigError(`${this.name} has no IPv4 route to ${dst} (no gateway: take a lease with dhcp() first)`);
    return this.resolve4(this.gateway4);
  }

  private async nextHop6(dst: string): Promise<string> {
    const mc = multicastMac(dst);
    if (mc) return mc;
    if (dst.startsWith('fe80:') || this.onLink6.some((p) => prefixContains(p, `${dst}/128`))) return this.resolve6(dst);
    if (!this.gateway6) throw new NetrigError(`${this.name} has no IPv6 route to ${dst} (no default router: solicit() an RA first)`);
    return this.gateway6.mac ?? this.resolve6(this.gateway6.ip);
  }

  /** Our best source address for `dst`: link-local for link-local, else our first global. */
  private source6(dst: string): string {
    if (dst.startsWith('fe80:') || dst.startsWith('ff02:')) return this.ip6[0];
    return this.ip6.find((a) => !a.startsWith('fe80:')) ?? this.ip6[0];
  }

  private sendIp6(dst: string, rest: Omit<FrameInit, 'eth' | 'ipv6'>, dstMac: string, src?: string): void {
    this.send({ eth: { src: this.mac, dst: dstMac }, ipv6: { src: src ?? this.source6(dst), dst }, ...rest });
  }

  // ---------------------------------------------------------------- DHCPv4

  /** DORA: Discover, Offer, Request, Ack. Configures the leased address and gateway. */
  async dhcp(opts: WaitOptions & { hostname?: string } = {}): Promise<Lease4> {
    const xid = (Math.random() * 0xffffffff) >>> 0;
    const timeout = opts.timeout ?? 10_000;
    const offer = this.next((f) => f.dhcp4?.xid === xid && f.dhcp4.options.messageType === 'offer', { what: 'a DHCPOFFER', timeout });
    const o = (await this.retransmit(offer, dhcp4Client('discover', { mac: this.mac, xid, hostname: opts.hostname ?? this.name }))).frame.dhcp4!;
    const ack = this.next((f) => f.dhcp4?.xid === xid && (f.dhcp4.options.messageType === 'ack' || f.dhcp4.options.messageType === 'nak'), { what: 'a DHCPACK', timeout });
    const a = await this.retransmit(ack, dhcp4Client('request', { mac: this.mac, xid, requestedIp: o.yiaddr, serverId: o.options.serverId, hostname: opts.hostname ?? this.name }));
    const d = a.frame.dhcp4!;
    if (d.options.messageType === 'nak') throw new NetrigError(`${this.name}: the DHCP server refused the request (NAK)`, this.evidence());
    return this.bind(d, a.frame.eth!.src, xid);
  }

  /**
   * Sends `frame` now and again every 2 s until `answer` settles, as a DHCP client retransmits
   * (RFC 2131 §4.1; a fixed interval rather than the randomised backoff, to keep cases short).
   */
  private async retransmit<T>(answer: Promise<T>, frame: FrameInit): Promise<T> {
    this.send(frame);
    const timer = setInterval(() => this.send(frame), 2000);
    try {
      return await answer;
    } finally {
      clearInterval(timer);
    }
  }

  private bind(d: NonNullable<Decoded['dhcp4']>, serverMac: string, xid: number): Lease4 {
    const mask = d.options.subnetMask ?? '255.255.255.0';
    const lease: Lease4 = {
      address: d.yiaddr,
      prefixLength: maskLength(mask),
      router: d.options.router?.[0],
      dns: d.options.dns ?? [],
      leaseTime: d.options.leaseTime,
      serverId: d.options.serverId ?? '',
      serverMac,
      xid,
    };
    this.lease = lease;
    this.ip4 = lease.address;
    this.prefix4 = lease.prefixLength;
    this.gateway4 = lease.router;
    if (lease.serverId) this.arp.set(lease.serverId, serverMac);
    return lease;
  }

  /** Renews the lease: a unicast REQUEST from our address to the server (RFC 2131 §4.3.2 RENEWING). */
  async renew(opts: WaitOptions = {}): Promise<Lease4> {
    const l = this.lease;
    if (!l) throw new NetrigError(`${this.name} has no lease to renew: call dhcp() first`);
    const xid = (Math.random() * 0xffffffff) >>> 0;
    const ack = this.next((f) => f.dhcp4?.xid === xid && f.dhcp4.options.messageType !== undefined && ['ack', 'nak'].includes(String(f.dhcp4.options.messageType)), {
      what: 'a DHCPACK to the renewal',
      timeout: 10_000,
      ...opts,
    });
    const frame = dhcp4Client('request', { mac: this.mac, dstMac: l.serverMac, xid, ciaddr: l.address, hostname: this.name });
    frame.ipv4 = { src: l.address, dst: l.serverId };
    this.send(frame);
    const a = await ack;
    if (a.frame.dhcp4!.options.messageType === 'nak') throw new NetrigError(`${this.name}: renewal refused (NAK)`, this.evidence());
    return this.bind(a.frame.dhcp4!, a.frame.eth!.src, xid);
  }

  /** Gives the lease back (DHCPRELEASE; no answer is expected). */
  release(): void {
    const l = this.lease;
    if (!l) return;
    const frame = dhcp4Client('release', { mac: this.mac, dstMac: l.serverMac, ciaddr: l.address, serverId: l.serverId });
    frame.ipv4 = { src: l.address, dst: l.serverId };
    this.send(frame);
    this.lease = undefined;
    this.ip4 = undefined;
    this.gateway4 = undefined;
  }

  // ---------------------------------------------------------------- IPv6

  /** Sends an RS and returns the first RA that answers (or arrives unsolicited meanwhile). */
  async solicit(opts: WaitOptions = {}): Promise<RaSeen> {
    const got = this.next((f) => f.icmp6?.type === 'ra', { what: 'a router advertisement', timeout: 10_000, ...opts });
    this.send(routerSolicitation({ mac: this.mac }));
    const s = await got;
    const ra = s.frame.icmp6 as Ra;
    const pios = ra.options.prefix ?? [];
    for (const p of pios) if (p.onLink && !this.onLink6.includes(p.prefix)) this.onLink6.push(p.prefix);
    const src = s.frame.ipv6!.src;
    this.nd.set(src, ra.options.sourceLla ?? s.frame.eth!.src);
    if (ra.routerLifetime > 0) this.gateway6 = { ip: src, mac: ra.options.sourceLla ?? s.frame.eth!.src };
    return {
      src,
      mac: ra.options.sourceLla ?? s.frame.eth!.src,
      ra,
      prefixes: pios.map((p) => p.prefix),
      rdnss: (ra.options.rdnss ?? []).flatMap((r) => r.servers),
      mtu: ra.options.mtu,
      routerLifetime: ra.routerLifetime,
    };
  }

  /**
   * Forms an address by SLAAC (RFC 4862) from the RA's first autonomous /64 prefix, after
   * duplicate address detection (an NS from ::, and no NA within `dadMs`).
   */
  async slaac(ra: RaSeen, opts: { dadMs?: number } = {}): Promise<string> {
    const pio = (ra.ra.options.prefix ?? []).find((p) => p.autonomous && parsePrefix(p.prefix).length === 64 && p.validLifetime > 0);
    if (!pio) throw new NetrigError(`${this.name}: the RA from ${ra.src} has no autonomous /64 prefix to form an address from`, this.evidence());
    const addr = slaacAddress(pio.prefix, this.mac);
    const conflict = this.next((f) => f.icmp6?.type === 'na' && 'target' in f.icmp6 && canonicalIp(f.icmp6.target) === addr, { timeout: opts.dadMs ?? 300 })
      .then(() => true)
      .catch(() => false);
    this.send(neighborSolicitation({ mac: this.mac, target: addr, src: '::' }));
    if (await conflict) throw new NetrigError(`${this.name}: duplicate address detection failed for ${addr}`, this.evidence());
    if (!this.ip6.includes(addr)) this.ip6.push(addr);
    // Tell the segment, as a host does after DAD, so the router's cache learns us.
    this.send(neighborAdvertisement({ mac: this.mac, target: addr }));
    return addr;
  }

  /** DHCPv6 Solicit/Advertise/Request/Reply for an address (IA_NA) and/or a prefix (IA_PD). */
  async dhcp6(opts: { na?: boolean; pd?: boolean | string } & WaitOptions = { na: true }): Promise<Lease6> {
    const timeout = opts.timeout ?? 10_000;
    const xid = (Math.random() * 0xffffff) >>> 0;
    const adv = this.next((f) => f.dhcp6?.type === 'advertise' && f.dhcp6.xid === xid, { what: 'a DHCPv6 Advertise', timeout });
    this.send(dhcp6Client('solicit', { mac: this.mac, xid, iaNa: opts.na, iaPd: opts.pd }));
    const a = (await adv).frame.dhcp6!;
    const status = a.options.status;
    if (status && status.code !== 'success' && status.code !== 0) throw new NetrigError(`${this.name}: DHCPv6 server advertised status ${status.code} ${status.message ?? ''}`, this.evidence());
    const xid2 = (Math.random() * 0xffffff) >>> 0;
    const rep = this.next((f) => f.dhcp6?.type === 'reply' && f.dhcp6.xid === xid2, { what: 'a DHCPv6 Reply', timeout });
    this.send(dhcp6Client('request', { mac: this.mac, xid: xid2, iaNa: opts.na, iaPd: opts.pd, serverId: a.options.serverId }));
    const r = await rep;
    const o = r.frame.dhcp6!.options;
    const addresses = (o.iaNa ?? []).flatMap((ia) => (ia.options.iaAddr ?? []).map((x) => x.address));
    const prefixes = (o.iaPd ?? []).flatMap((ia) => (ia.options.iaPrefix ?? []).map((x) => x.prefix));
    for (const x of addresses) if (!this.ip6.includes(x)) this.ip6.push(x);
    return { addresses, prefixes, serverId: o.serverId, reply: r.frame };
  }

  // ---------------------------------------------------------------- reachability

  /** ICMP echo to an IPv4 address; resolves with the round trip, fails after the timeout. */
  async ping(address: string, opts: WaitOptions = {}): Promise<PingResult> {
    if (!this.ip4) throw new NetrigError(`${this.name} has no IPv4 address: call dhcp() or configure() first`);
    const dstMac = await this.nextHop4(address);
    const id = ++this.echoId & 0xffff;
    const got = this.next((f) => f.icmp4?.type === 'echo-reply' && 'id' in f.icmp4 && f.icmp4.id === id && f.ipv4?.src === address, {
      what: `an echo reply from ${address}`,
      timeout: 5000,
      ...opts,
    });
    const t0 = performance.now();
    this.send(echoRequest4({ mac: this.mac, dstMac, src: this.ip4, dst: address, id, seq: 1 }));
    const s = await got;
    return { address, rtt: s.raw.time - (performance.timeOrigin + t0), reply: s.frame };
  }

  /** ICMPv6 echo; the source is our global address for global destinations. */
  async ping6(address: string, opts: WaitOptions = {}): Promise<PingResult> {
    const dst = canonicalIp(address);
    const dstMac = await this.nextHop6(dst);
    const id = ++this.echoId & 0xffff;
    const got = this.next((f) => f.icmp6?.type === 'echo-reply' && 'id' in f.icmp6 && f.icmp6.id === id && canonicalIp(f.ipv6!.src) === dst, {
      what: `an echo reply from ${dst}`,
      timeout: 5000,
      ...opts,
    });
    const t0 = performance.now();
    this.send({ ...echoRequest6({ mac: this.mac, dstMac, src: this.source6(dst), dst, id, seq: 1 }) });
    const s = await got;
    return { address: dst, rtt: s.raw.time - (performance.timeOrigin + t0), reply: s.frame };
  }

  /** UDP probe: a reply → open, ICMP port unreachable → closed, silence → filtered. */
  async udpProbe(address: string, port: number, opts: { timeout?: number; data?: Uint8Array } = {}): Promise<ProbeResult> {
    const v6 = address.includes(':');
    const dst = v6 ? canonicalIp(address) : address;
    const src = v6 ? this.source6(dst) : this.ip4!;
    const srcPort = this.ephemeral();
    const dstMac = v6 ? await this.nextHop6(dst) : await this.nextHop4(dst);
    const answer = this.next(
      (f) =>
        (f.udp?.dstPort === srcPort && f.udp.srcPort === port) ||
        (v6 ? f.icmp6?.type === 'unreachable' && f.icmp6.code === ICMP6_UNREACH_PORT : f.icmp4?.type === 'unreachable' && f.icmp4.code === ICMP_UNREACH_PORT4),
      { timeout: opts.timeout ?? 2000 },
    ).catch(() => undefined);
    this.send(udpDatagram({ mac: this.mac, dstMac, src, dst, srcPort, dstPort: port, data: opts.data ?? new TextEncoder().encode('netrig probe') }));
    const s = await answer;
    if (!s) return 'filtered';
    return s.frame.udp ? 'open' : 'closed';
  }

  /** TCP probe: SYN-ACK → open (we reset it), RST → closed, silence or ICMP → filtered. */
  async tcpProbe(address: string, port: number, opts: { timeout?: number } = {}): Promise<ProbeResult> {
    const v6 = address.includes(':');
    const dst = v6 ? canonicalIp(address) : address;
    const src = v6 ? this.source6(dst) : this.ip4!;
    const srcPort = this.ephemeral();
    const dstMac = v6 ? await this.nextHop6(dst) : await this.nextHop4(dst);
    const answer = this.next((f) => f.tcp?.dstPort === srcPort && f.tcp.srcPort === port, { timeout: opts.timeout ?? 2000 }).catch(() => undefined);
    this.send(tcpSyn({ mac: this.mac, dstMac, src, dst, srcPort, dstPort: port, seq: 1 }));
    const s = await answer;
    if (!s) return 'filtered';
    const flags = s.frame.tcp!.flags;
    if (flags.includes('S') && flags.includes('A')) {
      this.send(tcpSegment('R', { mac: this.mac, dstMac, src, dst, srcPort, dstPort: port, seq: 2 }));
      return 'open';
    }
    return flags.includes('R') ? 'closed' : 'filtered';
  }

  /** Accepts inbound traffic on a port (TCP: answers SYNs with SYN-ACK) and records it. */
  listen(spec: { udp?: number; tcp?: number }): Listener {
    const received: Seen[] = [];
    const matches = (f: Decoded) => (spec.udp !== undefined && f.udp?.dstPort === spec.udp) || (spec.tcp !== undefined && f.tcp?.dstPort === spec.tcp);
    if (spec.tcp !== undefined) this.tcpListeners.add(spec.tcp);
    const off = this.on((s) => {
      if (matches(s.frame)) received.push(s);
    });
    return {
      received,
      next: (opts) => {
        const seen = received[0];
        return seen ? Promise.resolve(seen) : this.next(matches, { what: `traffic to ${spec.udp ? `udp/${spec.udp}` : `tcp/${spec.tcp}`} at ${this.name}`, ...opts });
      },
      close: () => {
        off();
        if (spec.tcp !== undefined) this.tcpListeners.delete(spec.tcp);
      },
    };
  }

  private ephemeral(): number {
    this.nextPort = this.nextPort >= 65000 ? 40000 : this.nextPort + 1;
    return this.nextPort;
  }

  close(): void {
    this.unsubscribe();
    this.port.close();
  }
}

function maskLength(mask: string): number {
  return mask.split('.').reduce((n, o) => n + Number(o).toString(2).replace(/0/g, '').length, 0);
}

function ip4ToInt(ip: string): number {
  return ip.split('.').reduce((n, o) => (n << 8) | Number(o), 0) >>> 0;
}

function sameSubnet4(a: string, b: string, len: number): boolean {
  const mask = len === 0 ? 0 : (~0 << (32 - len)) >>> 0;
  return ((ip4ToInt(a) & mask) >>> 0) === ((ip4ToInt(b) & mask) >>> 0);
}

function prefixOf(addr: string, len: number): string {
  return `${canonicalIp(addr)}/${len}`;
}
