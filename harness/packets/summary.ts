// One line per frame, like tshark's Info column with the addresses in front:
// "52:54:00:12:34:56 > ff:ff:ff:ff:ff:ff DHCPv4 Discover xid 0x1234",
// "fe80::1 > ff02::1 ICMPv6 RA lifetime 1800 prefix 3fff:0:0:1::/64". IP addresses are shown
// when the packet has a source address, MACs otherwise. Meant for logs and failure messages.

import { toHex } from './bytes.ts';
import { decodeFrame, type Decoded } from './frame.ts';
import type { Icmp4, Icmp6 } from './icmp.ts';
import { isPppData, type Ppp } from './ppp.ts';

/** Summarizes a frame, decoding it first if given bytes. */
export function summary(frame: Uint8Array | Decoded): string {
  const f = frame instanceof Uint8Array ? decodeFrame(frame) : frame;
  const ip = f.ipv4 ?? f.ipv6;
  const ends = ip && ip.src !== '0.0.0.0' && ip.src !== '::' ? `${ip.src} > ${ip.dst}` : f.eth ? `${f.eth.src} > ${f.eth.dst}` : '?';
  const vlan = f.eth?.vlan ? `vlan ${f.eth.vlan.id} ` : '';
  const err = f.error ? ` [malformed ${f.error.layer} at ${f.error.offset}: ${f.error.message}]` : '';
  return `${vlan}${ends} ${info(f)}${err}`;
}

/** Title case for names like "configure-request" → "Configure-Request". */
const title = (n: string | number) => (typeof n === 'number' ? `type ${n}` : n.replace(/(^|-)([a-z])/g, (_, d: string, c: string) => d + c.toUpperCase()));

/** Any options object as "key value" pairs: flags bare, bytes in hex, lists comma-joined. */
function options(o: object | undefined): string {
  let s = '';
  for (const [k, v] of Object.entries(o ?? {})) s += ` ${k}${value(v)}`;
  return s;
}
function value(v: unknown): string {
  if (v === true) return '';
  if (v instanceof Uint8Array) return ` ${toHex(v)}`;
  if (typeof v === 'string') return v === '' ? ' ""' : ` ${v}`;
  if (Array.isArray(v)) return ` ${v.map((x) => value(x).trim()).join(',')}`;
  if (typeof v === 'object' && v !== null) return ` {${options(v).trim()}}`;
  return ` ${String(v)}`;
}

const hex = (n: number) => `0x${n.toString(16)}`;

function info(f: Decoded): string {
  if (f.dhcp4) {
    const d = f.dhcp4;
    const o = d.options;
    const type = o.messageType === 'ack' || o.messageType === 'nak' ? o.messageType.toUpperCase() : title(o.messageType ?? 'BOOTP');
    let s = `DHCPv4 ${type} xid ${hex(d.xid)}`;
    if (d.yiaddr !== '0.0.0.0') s += ` yiaddr ${d.yiaddr}`;
    if (o.requestedIp) s += ` requested ${o.requestedIp}`;
    if (o.hostname) s += ` hostname ${o.hostname}`;
    return s;
  }
  if (f.dhcp6) {
    const { type, xid, options: o } = f.dhcp6;
    let s = `DHCPv6 ${title(type)} xid ${hex(xid)}`;
    for (const ia of o.iaNa ?? []) s += ` IA_NA${(ia.options.iaAddr ?? []).map((a) => ` ${a.address}`).join('')}`;
    for (const ia of o.iaPd ?? []) s += ` IA_PD${(ia.options.iaPrefix ?? []).map((p) => ` ${p.prefix}`).join('')}`;
    if (o.status && o.status.code !== 'success') s += ` status ${o.status.code} "${o.status.message}"`;
    return s;
  }
  if (f.icmp6) return `ICMPv6 ${icmp(f.icmp6)}`;
  if (f.icmp4) return `ICMP ${icmp(f.icmp4)}`;
  if (f.tcp) {
    const t = f.tcp;
    const flags = [...t.flags].map((l) => TCP_FLAG[l]).join(', ');
    return `TCP ${t.srcPort} > ${t.dstPort} [${flags}] seq ${t.seq}${t.flags.includes('A') ? ` ack ${t.ack}` : ''} win ${t.window} len ${f.payload?.length ?? 0}`;
  }
  if (f.udp) return `UDP ${f.udp.srcPort} > ${f.udp.dstPort} len ${f.payload?.length ?? 0}`;
  if (f.ppp) return `PPP ${ppp(f.ppp)}`;
  if (f.pppoe) {
    const p = f.pppoe;
    return `PPPoE ${typeof p.code === 'string' ? p.code.toUpperCase() : hex(p.code)} session ${hex(p.session)}${options(p.tags)}`;
  }
  if (f.arp) {
    const a = f.arp;
    if (a.op === 'request') return `ARP who has ${a.targetIp}? tell ${a.senderIp}`;
    if (a.op === 'reply') return `ARP ${a.senderIp} is at ${a.senderMac}`;
    return `ARP op ${a.op}`;
  }
  if (f.ipv4) return `IPv4 protocol ${f.ipv4.protocol}${f.ipv4.mf || f.ipv4.fragOffset ? ` fragment offset ${f.ipv4.fragOffset}` : ''}`;
  if (f.ipv6) return `IPv6 next header ${f.ipv6.protocol}${f.ipv6.ext ? ` after ${f.ipv6.ext.map((e) => e.type).join(',')}` : ''}`;
  if (f.eth) return `Ethernet type ${hex(f.eth.type)}`;
  return 'not an Ethernet frame';
}

const TCP_FLAG: Record<string, string> = { F: 'FIN', S: 'SYN', R: 'RST', P: 'PSH', A: 'ACK', U: 'URG', E: 'ECE', C: 'CWR', N: 'NS' };

function icmp(m: Icmp4 | Icmp6): string {
  switch (m.type) {
    case 'echo-request':
    case 'echo-reply':
      return `Echo ${m.type.slice(5)} id ${hex(m.id)} seq ${m.seq}`;
    case 'rs':
      return `RS${m.options.sourceLla ? ` from ${m.options.sourceLla}` : ''}`;
    case 'ra': {
      let s = `RA${m.managed ? ' [M]' : ''}${m.other ? ' [O]' : ''} lifetime ${m.routerLifetime}`;
      if (m.preference !== 'medium') s += ` preference ${m.preference}`;
      const o = m.options;
      for (const p of o.prefix ?? []) s += ` prefix ${p.prefix}`;
      for (const r of o.route ?? []) s += ` route ${r.prefix}`;
      if (o.mtu !== undefined) s += ` mtu ${o.mtu}`;
      if (o.rdnss) s += ` rdnss ${o.rdnss.flatMap((r) => r.servers).join(',')}`;
      if (o.dnssl) s += ` dnssl ${o.dnssl.flatMap((r) => r.domains).join(',')}`;
      return s;
    }
    case 'ns':
      return `NS who has ${m.target}`;
    case 'na':
      return `NA ${m.target}${m.options.targetLla ? ` is at ${m.options.targetLla}` : ''} [${m.router ? 'R' : ''}${m.solicited ? 'S' : ''}${m.override ? 'O' : ''}]`;
    case 'redirect':
      return `Redirect ${m.destination} via ${m.target}`;
    default:
      if (typeof m.type === 'number') return `type ${m.type} code ${m.code}`;
      return `${title(m.type)} code ${m.code}${m.mtu !== undefined ? ` mtu ${m.mtu}` : ''}${m.pointer !== undefined ? ` pointer ${m.pointer}` : ''}`;
  }
}

function ppp(p: Ppp): string {
  if (isPppData(p)) return `protocol ${p.protocol}`;
  const name = { lcp: 'LCP', ipcp: 'IPCP', ipv6cp: 'IPv6CP', pap: 'PAP', chap: 'CHAP' }[p.protocol];
  let s = `${name} ${title(p.code)} id ${p.id}`;
  if ('options' in p && p.options) s += options(p.options);
  if ('magic' in p && p.magic !== undefined) s += ` magic ${hex(p.magic)}`;
  if ('peerId' in p && p.peerId !== undefined) s += ` peer "${p.peerId}"`;
  if ('name' in p && p.name) s += ` name "${p.name}"`;
  if ('message' in p && p.message) s += ` message "${p.message}"`;
  return s;
}
