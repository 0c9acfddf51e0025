// LAN hosts on every image: a userspace Host and a kernel peer (the system's own dhclient and
// ping) each get what a LAN client needs from the router — a DHCPv4 lease, an RA with a prefix
// to form an address from — and reach the router over IPv4 and IPv6. All of it is in lan.pcap.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { KernelPeer } from '../../harness/host/kernel-peer.ts';
import { Host } from '../../harness/host/host.ts';
import { decodeFrame, prefixContains } from '../../harness/packets/index.ts';
import pcapParser from 'pcap-parser';
import { images, useTopology } from '../../harness/vitest/topology.ts';
import { lan } from '../../topologies/lan.ts';

/** Reads a capture back with pcap-parser, a reader nobody here wrote. */
function readPcap(file: string): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const frames: Buffer[] = [];
    const parser = pcapParser.parse(fs.createReadStream(file));
    parser.on('packet', (p: { data: Buffer }) => frames.push(p.data));
    parser.on('end', () => resolve(frames));
    parser.on('error', reject);
  });
}

describe.each(images())('LAN hosts on $label', (image) => {
  // The hosts' own lease and RA are what lan.pcap must hold: the router's boot is not needed.
  const topo = useTopology(lan, image, { start: 'snapshot' });

  test('a userspace host takes a DHCPv4 lease, forms a SLAAC address from the RA, and pings the router both ways', async () => {
    const { segments, router } = topo();
    const client = new Host(await segments.lan.attach('client'), 'client', '52:54:00:c1:00:01');
    const lease = await client.dhcp();
    expect(lease.address).toMatch(/^192\.168\.1\.\d+$/);
    expect(lease.router).toBe('192.168.1.1');
    expect(lease.prefixLength).toBe(24);
    expect((await client.ping('192.168.1.1')).rtt).toBeGreaterThan(0);

    const ra = await client.solicit();
    expect(ra.prefixes.length).toBeGreaterThan(0);
    const addr = await client.slaac(ra);
    expect(prefixContains(ra.prefixes[0], addr)).toBe(true);
    await client.ping6(ra.src);
    const global = (await router.succeed("ip -6 -o addr show dev lan scope global | awk '{print $4}' | cut -d/ -f1 | head -n1")).trim();
    expect(prefixContains(ra.prefixes[0], global)).toBe(true);
    const reply = await client.ping6(global);
    expect(reply.reply.ipv6?.dst).toBe(addr);
    // The router reaches the host too: it resolves our address and we answer its echo.
    await router.succeed(`ping -c 1 -W 3 ${lease.address}`);
    client.close();
  });

  test('a kernel peer takes a lease with the system dhclient; system ping and a raw socket from Node reach the router', async () => {
    const { lab, segments } = topo();
    const peer = await KernelPeer.attach(lab, segments.lan, { name: 'laptop' });
    const address = await peer.dhcp();
    expect(address).toMatch(/^192\.168\.1\.\d+$/);
    const rtts = await peer.ping('192.168.1.1', 3);
    expect(rtts).toHaveLength(3);
    expect(await peer.rawPing('192.168.1.1')).toBeGreaterThan(0);
    await peer.close();
  });

  test('the lease and the RA are in lan.pcap', async () => {
    const { lab, segments } = topo();
    expect(segments.lan).toHaveSeen((f) => f.dhcp4?.options.messageType === 'ack', 'a DHCPACK');
    const frames = (await readPcap(path.join(lab.artifacts, 'lan.pcap'))).map((data) => decodeFrame(data));
    expect(frames.some((f) => f.dhcp4?.options.messageType === 'ack')).toBe(true);
    expect(frames.some((f) => f.icmp6?.type === 'ra')).toBe(true);
    expect(fs.statSync(path.join(lab.artifacts, 'access.pcap')).size).toBeGreaterThanOrEqual(24);
  });
});
