// A lab's story in one list: guests booting, becoming ready and exiting, the protocol milestones
// that crossed its segments (DHCPv4 Offer/Ack, RAs, DHCPv6 replies and delegated prefixes, PPPoE
// discovery, PPP phases) and the notes cases add — written to <artifacts>/timeline.json for the
// report. Watching a segment costs a few byte comparisons per frame: only frames that can be a
// milestone are decoded, each once.
import fs from 'node:fs';
import { decodeFrame, type Decoded, type Ra } from '../packets/index.ts';
import type { Segment } from '../net/segment.ts';

export type TimelineKind = 'boot' | 'ready' | 'exit' | 'dhcp' | 'ra' | 'pppoe' | 'ppp' | 'dhcp6' | 'pd' | 'assert' | 'note';

export interface TimelineEvent {
  /** Milliseconds since the epoch. */
  t: number;
  /** Who it happened to or where it was seen: a guest (`router`), a segment (`lan`), `case`. */
  source: string;
  kind: TimelineKind;
  text: string;
}

export class Timeline {
  readonly events: TimelineEvent[] = [];
  private readonly names = new Map<string, string>();
  /** Last RA logged per sender, so periodic identical RAs are logged once. */
  private readonly lastRa = new Map<string, string>();
  private readonly ports = new Set<string>();

  /** `file` is where `flush()` writes (normally <artifacts>/timeline.json). */
  constructor(readonly file: string) {}

  add(ev: Omit<TimelineEvent, 't'> & { t?: number }): void {
    this.events.push({ t: ev.t ?? Date.now(), source: ev.source, kind: ev.kind, text: ev.text });
  }

  /** Names a MAC address (`router.lan`) so milestones say who rather than which MAC. */
  name(mac: string, who: string): void {
    this.names.set(mac.toLowerCase(), who);
  }

  /** Logs the segment's milestones as they cross it; returns the function that stops watching. */
  watch(segment: Segment): () => void {
    return segment.onFrame((f) => {
      // Frames from a Port name their sender: the first MAC a port sends from is its name.
      if (f.from !== 'qemu' && !f.from.startsWith('udp:') && !this.ports.has(`${segment.name}/${f.from}`) && f.data.length >= 12) {
        this.ports.add(`${segment.name}/${f.from}`);
        const mac = f.data.toString('hex', 6, 12).replace(/(..)(?!$)/g, '$1:');
        if (!this.names.has(mac)) this.names.set(mac, f.from);
      }
      if (!mayBeMilestone(f.data)) return;
      const m = milestone(decodeFrame(f.data), (mac) => this.names.get(mac) ?? mac);
      if (!m) return;
      if (m.kind === 'ra') {
        const key = `${segment.name} ${f.data.toString('hex', 6, 12)}`;
        if (this.lastRa.get(key) === m.text) return;
        this.lastRa.set(key, m.text);
      }
      this.add({ t: Math.round(f.time), source: segment.name, ...m });
    });
  }

  /** Writes every event so far, oldest first; synchronous so exit paths can call it too. */
  flush(): void {
    const sorted = [...this.events].sort((a, b) => a.t - b.t);
    fs.writeFileSync(this.file, JSON.stringify(sorted, null, 1) + '\n');
  }
}

const UDP = 17;
const ICMP6 = 58;

/**
 * Whether a frame can be a milestone, from a few header bytes: PPPoE discovery, PPP control
 * packets that end a phase, DHCPv4 from a server, DHCPv6 Reply, RA — over Ethernet, 802.1Q or
 * a PPPoE session. Everything else (ARP, TCP, pings, LCP echoes…) is skipped undecoded.
 */
export function mayBeMilestone(b: Uint8Array): boolean {
  let type = (b[12] << 8) | b[13];
  let l3 = 14;
  if (type === 0x8100) {
    type = (b[16] << 8) | b[17];
    l3 = 18;
  }
  if (type === 0x8863) return true;
  if (type === 0x8864) {
    const proto = (b[l3 + 6] << 8) | b[l3 + 7];
    const code = b[l3 + 8];
    if (proto === 0xc021 || proto === 0x8021 || proto === 0x8057) return code === 2 || code === 5; // Configure-Ack, Terminate-Request
    if (proto === 0xc023) return code === 2 || code === 3; // PAP Ack/Nak
    if (proto === 0xc223) return code === 3 || code === 4; // CHAP Success/Failure
    if (proto === 0x0021) type = 0x0800;
    else if (proto === 0x0057) type = 0x86dd;
    else return false;
    l3 += 8;
  }
  if (type === 0x0800) {
    const l4 = l3 + (b[l3] & 0x0f) * 4;
    return b[l3 + 9] === UDP && ((b[l4] << 8) | b[l4 + 1]) === 67;
  }
  if (type === 0x86dd) {
    const next = b[l3 + 6];
    const l4 = l3 + 40;
    if (next === ICMP6) return b[l4] === 134;
    return next === UDP && ((b[l4] << 8) | b[l4 + 1]) === 547 && b[l4 + 8] === 7;
  }
  return false;
}

const lifetimes = (valid: number, preferred: number) => `valid ${seconds(valid)}, preferred ${seconds(preferred)}${preferred === 0 ? ' — deprecated' : ''}`;
const seconds = (s: number) => (s === 0xffffffff ? 'forever' : `${s} s`);

/**
 * The milestone a decoded frame is, in words, or undefined: PPPoE discovery, PPP Configure-Ack
 * and Terminate-Request, PAP/CHAP verdicts, DHCPv4 server messages, DHCPv6 Reply (`pd` when it
 * delegates a prefix), RA. `who` names a MAC address. `mayBeMilestone` passes all of these.
 */
export function milestone(f: Decoded, who: (mac: string) => string): { kind: TimelineKind; text: string } | undefined {
  if (!f.eth) return undefined;
  const ends = `${who(f.eth.src)} → ${who(f.eth.dst)}`;
  if (f.pppoe && f.pppoe.tags) {
    const code = String(f.pppoe.code).toUpperCase();
    const ac = f.pppoe.tags.acName ? ` AC "${f.pppoe.tags.acName}"` : '';
    const session = f.pppoe.session ? ` session ${f.pppoe.session}` : '';
    const error = f.pppoe.tags.serviceNameError ?? f.pppoe.tags.acSystemError ?? f.pppoe.tags.genericError;
    return { kind: 'pppoe', text: `${ends}: ${code}${session}${ac}${error !== undefined ? ` error "${error}"` : ''}` };
  }
  const ppp = f.ppp;
  if (ppp && (ppp.protocol === 'lcp' || ppp.protocol === 'ipcp' || ppp.protocol === 'ipv6cp') && (ppp.code === 'configure-ack' || ppp.code === 'terminate-request')) {
    const name = ppp.protocol === 'ipv6cp' ? 'IPv6CP' : ppp.protocol.toUpperCase();
    const o = (ppp.options ?? {}) as Record<string, unknown>;
    const detail = o.address ? ` address ${String(o.address)}` : o.interfaceId ? ` interface-id ${String(o.interfaceId)}` : '';
    const what = ppp.code === 'configure-ack' ? 'Configure-Ack' : 'Terminate-Request';
    return { kind: 'ppp', text: `${ends}: ${name} ${what}${detail}` };
  }
  if (ppp && ((ppp.protocol === 'pap' && (ppp.code === 'authenticate-ack' || ppp.code === 'authenticate-nak')) || (ppp.protocol === 'chap' && (ppp.code === 'success' || ppp.code === 'failure')))) {
    return { kind: 'ppp', text: `${ends}: ${ppp.protocol.toUpperCase()} ${String(ppp.code)}${ppp.message ? ` "${ppp.message}"` : ''}` };
  }
  if (f.dhcp4 && f.dhcp4.op === 2) {
    const o = f.dhcp4.options;
    const type = o.messageType === 'ack' || o.messageType === 'nak' ? o.messageType.toUpperCase() : String(o.messageType ?? 'BOOTP reply');
    const lease = o.leaseTime !== undefined ? `, lease ${seconds(o.leaseTime)}` : '';
    const to = f.dhcp4.yiaddr !== '0.0.0.0' ? ` ${f.dhcp4.yiaddr} for ${who(f.dhcp4.chaddr)}` : ` to ${who(f.dhcp4.chaddr)}`;
    return { kind: 'dhcp', text: `${who(f.eth.src)}: DHCPv4 ${type.charAt(0).toUpperCase()}${type.slice(1)}${to}${lease}` };
  }
  if (f.dhcp6?.type === 'reply') {
    const o = f.dhcp6.options;
    const prefixes = (o.iaPd ?? []).flatMap((ia) => ia.options.iaPrefix ?? []);
    const addresses = (o.iaNa ?? []).flatMap((ia) => ia.options.iaAddr ?? []);
    const status = [o.status, ...(o.iaPd ?? []).map((ia) => ia.options.status), ...(o.iaNa ?? []).map((ia) => ia.options.status)].find((s) => s && s.code !== 'success');
    const bits = [
      ...prefixes.map((p) => `IA_PD ${p.prefix} (${lifetimes(p.validLifetime, p.preferredLifetime)})`),
      ...addresses.map((a) => `IA_NA ${a.address}`),
      ...(status ? [`status ${String(status.code)}${status.message ? ` "${status.message}"` : ''}`] : []),
    ];
    return { kind: prefixes.length ? 'pd' : 'dhcp6', text: `${ends}: DHCPv6 Reply${bits.length ? ` ${bits.join(', ')}` : ''}` };
  }
  if (f.icmp6?.type === 'ra') {
    const ra = f.icmp6 as Ra;
    const pios = (ra.options.prefix ?? []).map((p) => `${p.prefix} (${lifetimes(p.validLifetime, p.preferredLifetime)})`);
    const from = f.ipv6 ? `${who(f.eth.src)} ${f.ipv6.src}` : who(f.eth.src);
    return { kind: 'ra', text: `${from}: RA router lifetime ${ra.routerLifetime} s${pios.length ? `, prefix ${pios.join(', ')}` : ', no prefix'}` };
  }
  return undefined;
}
