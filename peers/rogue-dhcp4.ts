// A peer scenario in a few dozen lines: a rogue DHCPv4 server on a segment, racing the router's
// own. It answers every DISCOVER with an offer of its own (a bogus gateway), and every REQUEST
// for its offer with an ACK. Cases use it to see what a client on the LAN is exposed to, and
// it shows the pattern for any scripted peer: a Host on a Port, a handler, forged replies.
import { dhcp4Server } from '../harness/packets/index.ts';
import type { Host } from '../harness/host/host.ts';

export interface RogueDhcp4 {
  /** How many offers and acks it sent. */
  readonly offers: number;
  readonly acks: number;
  stop(): void;
}

export function rogueDhcp4(host: Host, o: { pool: string; gateway: string; dns?: string }): RogueDhcp4 {
  if (!host.ip4) throw new Error(`rogue DHCPv4 server ${host.name} needs an address: configure({ ip4 }) first`);
  let offers = 0;
  let acks = 0;
  const [a, b, c, d] = o.pool.split('.').map(Number);
  const leaseFor = new Map<string, string>();
  const off = host.on(({ frame }) => {
    const m = frame.dhcp4;
    if (!m || m.op !== 1) return;
    const type = m.options.messageType;
    const yiaddr = leaseFor.get(m.chaddr) ?? `${a}.${b}.${c}.${d + leaseFor.size}`;
    leaseFor.set(m.chaddr, yiaddr);
    const reply = (kind: 'offer' | 'ack') =>
      host.send(
        dhcp4Server(kind, {
          mac: host.mac,
          serverIp: host.ip4!,
          clientMac: m.chaddr,
          xid: m.xid,
          yiaddr,
          subnetMask: '255.255.255.0',
          router: [o.gateway],
          dns: [o.dns ?? o.gateway],
          leaseTime: 600,
        }),
      );
    if (type === 'discover') {
      reply('offer');
      offers++;
    } else if (type === 'request' && m.options.serverId === host.ip4) {
      reply('ack');
      acks++;
    }
  });
  return {
    get offers() {
      return offers;
    },
    get acks() {
      return acks;
    },
    stop: off,
  };
}
