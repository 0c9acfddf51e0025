// NAT44 from the wire, on the IPoE topology: the router masquerades its LAN (192.168.1.0/24)
// behind the WAN address it leased, and RFC 4787 (UDP) and RFC 5382 (TCP) say how: return
// traffic, no unsolicited inbound, endpoint-independent mapping, port ranges and parity, no
// port overloading, filtering, hairpinning, ALGs, ICMP and fragments. LAN hosts are userspace
// hosts with leases from the router; the world server and more world hosts play the internet
// behind the border. One topology per image, resumed from the run's snapshot (no case asserts on
// the boot): no case changes the router's state.
import { describe, expect, test } from 'vitest';
import { type Decoded, type FrameInit, type Ipv4Init } from '../../harness/packets/index.ts';
import { expectedFail } from '../../harness/vitest/meta.ts';
import { images, useTopology } from '../../harness/vitest/topology.ts';
import { ipoe } from '../../topologies/ipoe.ts';
import { WORLD } from '../../topologies/world.ts';
import { frame4, icmp4Error, identified, ipPacket, quotedEnds, tag, Tap, useSides, type Endpoint, type Seen } from '../support/firewall.ts';

const text = (s: string) => new TextEncoder().encode(s);
const port = () => 20000 + Math.floor(Math.random() * 30000);
type Rest = Omit<FrameInit, 'eth' | 'ipv4'>;
const udp = (srcPort: number, dstPort: number, data: string | Uint8Array = 'netrig'): Rest => ({ udp: { srcPort, dstPort }, payload: typeof data === 'string' ? text(data) : data });
const tcp = (srcPort: number, dstPort: number, flags: string, seq: number, ack: number, data?: string): Rest => ({
  tcp: { srcPort, dstPort, flags, seq, ack },
  payload: data === undefined ? undefined : text(data),
});

/** Sends one tagged IPv4 packet from `from` (to `ip.dst`, by default `to`'s address) and waits until `to` receives it. */
async function deliver(from: Endpoint, to: Endpoint, ip: Partial<Ipv4Init>, rest: Rest, what: string): Promise<Seen> {
  const t = tag();
  const got = to.host.next(identified(t), { timeout: 5000, what: `${what} at ${to.host.name}` });
  from.host.send(frame4(from, { dst: to.ip4!, id: t & 0xffff, ...ip }, rest));
  const seen = await got;
  return { ...seen.frame, raw: seen.raw.data };
}

/** Sends one tagged IPv4 packet and returns its tag. */
function forge(from: Endpoint, ip: Partial<Ipv4Init> & { dst: string }, rest: Rest): number {
  const t = tag();
  from.host.send(frame4(from, { id: t & 0xffff, ...ip }, rest));
  return t;
}

describe.each(images())('NAT44 (RFC 4787, RFC 5382) on $label', (image) => {
  const topo = useTopology(ipoe, image, { start: 'snapshot' });
  const s = useSides(topo);
  const wan = async () => {
    const addr = (await s.session()).ipv4;
    void unsolicitedSyn(addr);
    return addr;
  };

  // NAT44-TCP-REQ-4 asks for 6 s of silence after an unsolicited SYN. The SYN goes out with the
  // first case that needs the WAN address, so that those seconds pass while the other cases run;
  // its own case then waits only for what is left of them.
  let synSent: Promise<{ at: number; port: number; answers: Decoded[] }> | undefined;
  function unsolicitedSyn(addr: string) {
    synSent ??= (async () => {
      const world = await s.world();
      const p = port();
      const answers: Decoded[] = [];
      world.host.on(({ frame: f }) => {
        const aboutIt = f.icmp4 !== undefined && 'data' in f.icmp4 && f.icmp4.type !== 'echo-reply' && quotedEnds(f.icmp4.data).srcPort === p;
        if (f.ipv4?.src === addr && (f.tcp?.dstPort === p || aboutIt)) answers.push(f);
      });
      world.host.send(frame4(world, { dst: addr }, tcp(p, port(), 'S', 1, 0)));
      return { at: performance.now(), port: p, answers };
    })();
    return synSent;
  }
  const lanTap = () => new Tap(topo().segments.lan, s.mac('lan'));

  /** A UDP mapping: the LAN host's datagram as the world server received it, and its external port. */
  async function mapUdp(lan: Endpoint, to: Endpoint, p = port(), q = port()) {
    const out = await deliver(lan, to, {}, udp(p, q, 'map me'), `${lan.host.name}'s datagram`);
    expect(out.ipv4?.src, 'the translated source address').toBe(await wan());
    return { p, q, ext: out.udp!.srcPort, out };
  }

  test('NAT44-RETURN: the world host\'s answer to the WAN address and port reaches the LAN host with its own address and port restored', async () => {
    const addr = await wan();
    const lan = await s.lan();
    const world = await s.world();
    const { p, q, ext } = await mapUdp(lan, world);
    const back = await deliver(world, lan, { dst: addr }, udp(q, ext, 'answer'), 'the answer to the WAN address');
    expect([back.ipv4?.src, back.udp?.srcPort, back.ipv4?.dst, back.udp?.dstPort]).toEqual([WORLD.server4, q, lan.ip4, p]);
  });

  test('NAT44-INBOUND: unsolicited UDP, TCP SYN and echo requests to the WAN address do not reach the LAN', async () => {
    const lan = await s.lan();
    const world = await s.world();
    const addr = await wan();
    const { q, ext } = await mapUdp(lan, world);
    const t = lanTap();
    const tags = [
      forge(world, { dst: addr }, udp(port(), port(), 'unsolicited')),
      forge(world, { dst: addr }, udp(port(), ext + 1, 'next to a mapping')),
      forge(world, { dst: addr }, tcp(port(), port(), 'S', 1, 0)),
      forge(world, { dst: addr }, { icmp4: { type: 'echo-request', id: 0x4404, seq: 1 } }),
    ];
    // Sent after them on a mapping: when it has crossed, they would have too.
    await deliver(world, lan, { dst: addr }, udp(q, ext, 'barrier'), 'an answer on the mapping');
    t.none(identified(...tags), 'unsolicited inbound traffic');
  });

  test('NAT44-UDP-REQ-1: one internal address and port keeps one external address and port towards every destination (endpoint-independent mapping)', async () => {
    const lan = await s.lan();
    const world = await s.world();
    const other = await s.worldHost(0x21);
    const p = port();
    const seen = [await mapUdp(lan, world, p), await mapUdp(lan, other, p), await mapUdp(lan, world, p)];
    expect(new Set(seen.map((m) => `${m.out.ipv4?.src}:${m.ext}`)).size).toBe(1);
  });

  test.fails('NAT44-UDP-REQ-3: two internal endpoints never share an external port, whatever their destinations (expected fail: Linux overloads ports)', async ({ task }) => {
    expectedFail(
      task,
      'Linux NAT (nftables masquerade, nf_nat_l4proto_unique_tuple) keeps an internal port whenever the whole 5-tuple stays unique, so two LAN hosts sending from the same port to different destinations share one external address and port; no masquerade option avoids that without randomising every mapping (which breaks REQ-1). RFC 4787 REQ-3: A NAT MUST NOT have a "Port assignment" behavior of "Port overloading"',
    );
    const lan1 = await s.lan(1);
    const lan2 = await s.lan(2);
    const world = await s.world();
    const other = await s.worldHost(0x21);
    // Same destination: the second must get another port, and each its own answers.
    const p = port();
    const q = port();
    const a = await mapUdp(lan1, world, p, q);
    const b = await mapUdp(lan2, world, p, q);
    expect(b.ext).not.toBe(a.ext);
    const toA = await deliver(world, lan1, { dst: await wan() }, udp(q, a.ext, 'for lan1'), 'the answer to lan1\'s mapping');
    const toB = await deliver(world, lan2, { dst: await wan() }, udp(q, b.ext, 'for lan2'), 'the answer to lan2\'s mapping');
    expect([toA.udp?.dstPort, toB.udp?.dstPort]).toEqual([p, p]);
    // Different destinations: port overloading would give both the same external port.
    const p2 = port();
    const c = await mapUdp(lan1, world, p2);
    const d = await mapUdp(lan2, other, p2);
    expect(d.ext, `lan2's external port (lan1 from the same port got ${c.ext})`).not.toBe(c.ext);
  });

  test('NAT44-UDP-REQ-3a: an internal port below 1024 gets an external port below 1024, one above gets one above, also when the NAT must pick another', async () => {
    const lan1 = await s.lan(1);
    const lan2 = await s.lan(2);
    const world = await s.world();
    const low = [await mapUdp(lan1, world, 500, 500), await mapUdp(lan2, world, 500, 500)];
    const hp = port();
    const hq = port();
    const high = [await mapUdp(lan1, world, hp, hq), await mapUdp(lan2, world, hp, hq)];
    expect(low[1].ext, 'the second mapping of port 500 needs a port of its own').not.toBe(low[0].ext);
    expect(low.map((m) => m.ext < 1024)).toEqual([true, true]);
    expect(high.map((m) => m.ext >= 1024)).toEqual([true, true]);
  });

  test.fails('NAT44-UDP-REQ-4: an external port the NAT must pick keeps the internal port\'s parity (expected fail: Linux picks at random)', async ({ task }) => {
    expectedFail(
      task,
      'when the internal port is taken, Linux NAT (nf_nat_l4proto_unique_tuple) starts its search for a free port at a random offset with no regard to parity, and nftables masquerade has no option for it. RFC 4787 REQ-4: It is RECOMMENDED that a NAT have a "Port parity preservation" behavior of "Yes"',
    );
    const lan1 = await s.lan(1);
    const lan2 = await s.lan(2);
    const world = await s.world();
    const q = port();
    const base = port() & ~1;
    // 16 collisions: the chance that random picks keep all their parities is 2^-16.
    const ports = Array.from({ length: 16 }, (_, i) => base + i);
    for (const p of ports) await mapUdp(lan1, world, p, q);
    const picked = [];
    for (const p of ports) picked.push({ p, ext: (await mapUdp(lan2, world, p, q)).ext });
    expect(picked.filter(({ p, ext }) => ext === p)).toEqual([]);
    expect(picked.filter(({ p, ext }) => (ext & 1) !== (p & 1))).toEqual([]);
  });

  test.fails('NAT44-UDP-REQ-8: filtering is endpoint-independent or address-dependent: the world host\'s datagram from another port reaches the mapping (expected fail: address-and-port-dependent)', async ({ task }) => {
    expectedFail(
      task,
      'Linux conntrack NAT admits into a mapping only the exact address and port the internal endpoint sent to (address-and-port-dependent filtering): it keeps no endpoint-independent mapping to admit others, and overloads ports (REQ-3), so no nftables rule can name the one internal endpoint behind an external port. RFC 4787 REQ-8: It is RECOMMENDED that a NAT have an "Endpoint-Independent Filtering" behavior... or "Address-Dependent Filtering"',
    );
    const lan = await s.lan();
    const world = await s.world();
    const { q, ext } = await mapUdp(lan, world);
    const t = lanTap();
    const other = forge(world, { dst: await wan() }, udp(q + 1, ext, 'from another port'));
    await deliver(world, lan, { dst: await wan() }, udp(q, ext, 'from the mapped port'), 'the answer from the mapped port');
    await t.wait(identified(other), 'the datagram from the world host\'s other port', 1);
  });

  test.fails('NAT44-UDP-REQ-9: a LAN host reaches another LAN host through its external address and port (hairpinning), seeing the sender\'s external address and port (expected fail: no hairpinning)', async ({ task }) => {
    expectedFail(
      task,
      'Linux NAT keeps no endpoint-independent mapping table (see REQ-3, REQ-8): a datagram from the LAN to the WAN address and a mapped port goes to the router itself (ICMP port unreachable) instead of to the mapping\'s internal endpoint, and nftables can only hairpin static port forwards. RFC 4787 REQ-9: A NAT MUST support "Hairpinning"; its behavior MUST be "External source IP address and port"',
    );
    const lan1 = await s.lan(1);
    const lan2 = await s.lan(2);
    const world = await s.world();
    const b = await mapUdp(lan2, world);
    const addr = await wan();
    const t = tag();
    const refused = lan1.host.next((f) => f.icmp4?.type === 'unreachable', { timeout: 5000 }).then(
      () => undefined,
      () => undefined,
    );
    const hairpinned = lan2.host.next(identified(t), { timeout: 5000 }).catch(() => undefined);
    lan1.host.send(frame4(lan1, { dst: addr, id: t & 0xffff }, udp(port(), b.ext, 'hairpin')));
    const got = await Promise.race([refused, hairpinned]);
    expect(got, 'lan1\'s datagram at lan2 (the router refused it with port unreachable)').toBeDefined();
    expect(got!.frame.ipv4?.src).toBe(addr);
  });

  test('NAT44-UDP-REQ-10: a SIP INVITE naming the LAN host\'s address crosses byte for byte (no ALG rewrites it)', async () => {
    const lan = await s.lan();
    const world = await s.world();
    const body = `v=0\r\no=- 1 1 IN IP4 ${lan.ip4}\r\ns=-\r\nc=IN IP4 ${lan.ip4}\r\nt=0 0\r\nm=audio 49170 RTP/AVP 0\r\n`;
    const sip = `INVITE sip:bob@${WORLD.server4} SIP/2.0\r\nVia: SIP/2.0/UDP ${lan.ip4}:5060;branch=z9hG4bK4787\r\nFrom: <sip:alice@${lan.ip4}>;tag=1\r\nTo: <sip:bob@${WORLD.server4}>\r\nCall-ID: 4787@${lan.ip4}\r\nCSeq: 1 INVITE\r\nContact: <sip:alice@${lan.ip4}:5060>\r\nContent-Type: application/sdp\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
    const got = await deliver(lan, world, {}, udp(5060, 5060, sip), 'the SIP INVITE');
    expect(new TextDecoder().decode(got.payload)).toBe(sip);
  });

  test('NAT44-UDP-REQ-12: an ICMP port unreachable for a mapping reaches the LAN host, and the mapping still carries answers', async () => {
    const lan = await s.lan();
    const world = await s.world();
    const { p, q, ext, out } = await mapUdp(lan, world);
    const err = await deliver(world, lan, { dst: await wan() }, { icmp4: icmp4Error('unreachable', 3, ipPacket(out.raw)) }, 'the port unreachable for the mapping');
    const inner = quotedEnds((err.icmp4 as { data: Uint8Array }).data);
    expect([inner.src, inner.srcPort]).toEqual([lan.ip4, p]);
    const back = await deliver(world, lan, { dst: await wan() }, udp(q, ext, 'after the error'), 'the answer after the error');
    expect(back.udp?.dstPort).toBe(p);
  });

  test('NAT44-UDP-REQ-14: an answer in fragments sent last first reaches the LAN host whole', async () => {
    const lan = await s.lan();
    const world = await s.world();
    const { p, q, ext } = await mapUdp(lan, world);
    const addr = await wan();
    const data = Uint8Array.from({ length: 1200 }, (_, i) => (i * 7) & 0xff);
    const whole = ipPacket({ eth: { src: world.host.mac, dst: world.gw4! }, ipv4: { src: WORLD.server4, dst: addr }, ...udp(q, ext, data) });
    const body = whole.subarray(20);
    const id = tag() & 0xffff;
    const frag = (off: number, end: number, more: boolean) => ({ eth: { src: world.host.mac, dst: world.gw4! }, ipv4: { src: WORLD.server4, dst: addr, id, protocol: 17, fragOffset: off, mf: more }, payload: body.subarray(off, end) });
    const t = lanTap();
    world.host.send(frag(600, body.length, false));
    world.host.send(frag(0, 600, true));
    // Reassemble what the router forwards (it may re-fragment along the original sizes).
    const pieces = new Map<number, Uint8Array>();
    let last: number | undefined;
    await t.wait(
      (f) => {
        if (f.ipv4?.id !== id || f.ipv4.dst !== lan.ip4) return false;
        const pl = ipPacket(f.raw).subarray((f.ipv4.options?.length ?? 0) + 20);
        pieces.set(f.ipv4.fragOffset, pl);
        if (!f.ipv4.mf) last = f.ipv4.fragOffset + pl.length;
        let have = 0;
        while (pieces.has(have)) have += pieces.get(have)!.length;
        return last !== undefined && have === last;
      },
      'every fragment of the answer',
    );
    const joined = Buffer.concat([...pieces.entries()].sort((x, y) => x[0] - y[0]).map(([, b]) => Buffer.from(b)));
    expect(joined.readUInt16BE(2)).toBe(p);
    expect(Buffer.compare(joined.subarray(8), Buffer.from(data))).toBe(0);
  });

  test('NAT44-TCP-REQ-1: connections from one internal address and port to two hosts leave from one external address and port', async () => {
    const lan = await s.lan();
    const world = await s.world();
    const other = await s.worldHost(0x21);
    const p = port();
    const syns: Decoded[] = [];
    for (const to of [world, other]) {
      const listening = to.host.listen({ tcp: 80 });
      try {
        syns.push(await deliver(lan, to, {}, tcp(p, 80, 'S', 1000, 0), `the SYN to ${to.ip4}:80`));
      } finally {
        listening.close();
      }
    }
    expect(new Set(syns.map((f) => `${f.ipv4?.src}:${f.tcp?.srcPort}`))).toEqual(new Set([`${await wan()}:${syns[0].tcp?.srcPort}`]));
  });

  test('NAT44-TCP-REQ-2: a simultaneous open through the NAT opens and carries data', async () => {
    const lan = await s.lan();
    const peer = await s.quiet(0x32);
    const addr = await wan();
    const p = port();
    const lanListens = lan.host.listen({ tcp: p }); // the LAN host answers the crossing SYN with SYN/ACK, ISN 1000
    try {
      const syn = await deliver(lan, peer, {}, tcp(p, 8032, 'S', 1000, 0), 'the LAN host\'s SYN');
      const ext = syn.tcp!.srcPort;
      const lanSynAck = peer.host.next((f) => f.tcp?.flags === 'SA' && f.tcp.dstPort === 8032, { timeout: 5000, what: 'the LAN host\'s SYN/ACK at the peer' });
      await deliver(peer, lan, { dst: addr }, tcp(8032, ext, 'S', 5000, 0), 'the peer\'s crossing SYN');
      const sa = (await lanSynAck).frame;
      expect([sa.ipv4?.src, sa.tcp?.srcPort, sa.tcp?.ack]).toEqual([addr, ext, 5001]);
      await deliver(peer, lan, { dst: addr }, tcp(8032, ext, 'SA', 5000, 1001), 'the peer\'s SYN/ACK');
      await deliver(peer, lan, { dst: addr }, tcp(8032, ext, 'PA', 5001, 1001, 'simultaneous'), 'the peer\'s data');
      await deliver(lan, peer, {}, tcp(p, 8032, 'PA', 1001, 5013, 'open'), 'the LAN host\'s data');
    } finally {
      lanListens.close();
    }
  });

  test.fails('NAT44-TCP-REQ-3: filtering is endpoint-independent or address-dependent: a SYN from the world host\'s other port reaches the mapping (expected fail: address-and-port-dependent)', async ({ task }) => {
    expectedFail(
      task,
      'Linux conntrack NAT admits into a TCP mapping only the exact address and port the internal endpoint connected to (address-and-port-dependent filtering) and overloads ports, so no nftables rule can name the internal endpoint behind an external port. RFC 5382 REQ-3: It is RECOMMENDED that a NAT have an "Endpoint-Independent Filtering" behavior for TCP... or "Address-Dependent Filtering"',
    );
    const lan = await s.lan();
    const world = await s.world();
    const addr = await wan();
    const p = port();
    const listening = world.host.listen({ tcp: 8043 });
    let ext: number;
    try {
      ext = (await deliver(lan, world, {}, tcp(p, 8043, 'S', 1000, 0), 'the LAN host\'s SYN')).tcp!.srcPort;
    } finally {
      listening.close();
    }
    const t = lanTap();
    const other = forge(world, { dst: addr }, tcp(8044, ext, 'S', 7000, 0));
    // Sent after it on the connection (the SYN/ACK again): when it has crossed, the other SYN would have too.
    await deliver(world, lan, { dst: addr }, tcp(8043, ext, 'SA', 1000, 1001), 'the world host\'s SYN/ACK again');
    await t.wait(identified(other), 'the SYN from the world host\'s other port', 1);
  });

  test.fails('NAT44-TCP-REQ-8: a LAN host connects to another LAN host\'s mapping through the external address (hairpinning) (expected fail: no hairpinning)', async ({ task }) => {
    expectedFail(
      task,
      'Linux NAT keeps no endpoint-independent mapping table: a SYN from the LAN to the WAN address and a mapped port goes to the router itself (answered with a reset) instead of to the mapping\'s internal endpoint, and nftables can only hairpin static port forwards. RFC 5382 REQ-8: A NAT MUST support "hairpinning" for TCP; its behavior MUST be "External source IP address and port"',
    );
    const lan1 = await s.lan(1);
    const lan2 = await s.lan(2);
    const world = await s.world();
    const addr = await wan();
    const listening = world.host.listen({ tcp: 8048 });
    let ext: number;
    const bp = port();
    try {
      ext = (await deliver(lan2, world, {}, tcp(bp, 8048, 'S', 1000, 0), 'lan2\'s SYN')).tcp!.srcPort;
    } finally {
      listening.close();
    }
    const ap = port();
    const t = tag();
    const reset = lan1.host.next((f) => f.tcp?.dstPort === ap && f.tcp.flags.includes('R'), { timeout: 5000 }).then(
      () => 'reset',
      () => 'nothing',
    );
    const hairpinned = lan2.host.next(identified(t), { timeout: 5000 }).then(
      () => 'hairpinned',
      () => 'nothing',
    );
    lan1.host.send(frame4(lan1, { dst: addr, id: t & 0xffff }, tcp(ap, ext, 'S', 1000, 0)));
    expect(await Promise.race([reset, hairpinned])).toBe('hairpinned');
  });

  /** A TCP connection from the LAN host to the world server: SYN, SYN/ACK, ACK. */
  async function tcpConnection(lan: Endpoint, world: Endpoint, worldPort: number) {
    const p = port();
    const listening = world.host.listen({ tcp: worldPort });
    let syn: Seen;
    try {
      // The SYN/ACK must have crossed before the ACK: the other order is no valid TCP sequence.
      const synAck = lan.host.next((f) => f.tcp?.flags === 'SA' && f.tcp.dstPort === p, { timeout: 5000, what: 'the world host\'s SYN/ACK at the LAN host' });
      syn = await deliver(lan, world, {}, tcp(p, worldPort, 'S', 1000, 0), 'the LAN host\'s SYN');
      await synAck;
    } finally {
      listening.close();
    }
    const ack = await deliver(lan, world, {}, tcp(p, worldPort, 'PA', 1001, 1001, 'hello'), 'the LAN host\'s first data');
    return { p, ext: syn.tcp!.srcPort, syn, ack };
  }

  test('NAT44-TCP-REQ-9: an ICMP Destination Unreachable for a translated SYN reaches the LAN host with the quoted header translated back', async () => {
    const lan = await s.lan();
    const world = await s.world();
    const p = port();
    // The world host answers with SYN/ACK: a reset as the only answer would end the connection's state at once.
    const listening = world.host.listen({ tcp: 8049 });
    let syn: Seen;
    try {
      syn = await deliver(lan, world, {}, tcp(p, 8049, 'S', 1000, 0), 'the LAN host\'s SYN');
    } finally {
      listening.close();
    }
    const err = await deliver(world, lan, { dst: await wan() }, { icmp4: icmp4Error('unreachable', 1, ipPacket(syn.raw)) }, 'host unreachable for the SYN');
    const inner = quotedEnds((err.icmp4 as { data: Uint8Array }).data);
    expect([inner.src, inner.dst, inner.srcPort]).toEqual([lan.ip4, WORLD.server4, p]);
  });

  test('NAT44-TCP-REQ-10: after ICMP errors for a connection have crossed, its next data segment still reaches the LAN host', async () => {
    const lan = await s.lan();
    const world = await s.world();
    const addr = await wan();
    const { p, ext, ack } = await tcpConnection(lan, world, 8050);
    for (const [type, code] of [['unreachable', 1], ['unreachable', 3], ['time-exceeded', 0]] as const) {
      await deliver(world, lan, { dst: addr }, { icmp4: icmp4Error(type, code, ipPacket(ack.raw)) }, `ICMP ${type} code ${code} for the connection`);
    }
    const data = await deliver(world, lan, { dst: addr }, tcp(8050, ext, 'PA', 1001, 1006, 'still open'), 'the world host\'s next data');
    expect([data.ipv4?.dst, data.tcp?.dstPort]).toEqual([lan.ip4, p]);
  });

  test('NAT44-TCP-REQ-4: an unsolicited SYN to the WAN address gets no answer for at least 6 s', async () => {
    const world = await s.world();
    const addr = await wan();
    const syn = await unsolicitedSyn(addr);
    const left = 6000 - (performance.now() - syn.at);
    if (left > 0) {
      const more = world.host.next((f) => f.ipv4?.src === addr && f.tcp?.dstPort === syn.port, { timeout: left + 100, what: 'an answer to the unsolicited SYN' });
      await expect(more).rejects.toThrow(/timed out/);
    }
    expect(syn.answers.map((f) => `${f.ipv4?.src} ${f.tcp ? `TCP ${f.tcp.flags}` : `ICMP ${f.icmp4?.type}`}`)).toEqual([]);
  });
});
