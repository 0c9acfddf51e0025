// The peer-scenario example (peers/rogue-dhcp4.ts) as a case: a rogue DHCPv4 server on the LAN
// races the router's dnsmasq. What a LAN client sees is on the wire: two offers for one
// DISCOVER; the lease it ends up with comes from whichever offer came first (a userspace rogue
// usually wins), with that server's gateway.
import { describe, expect, test } from 'vitest';
import { Host } from '../../harness/host/host.ts';
import { decodeFrame } from '../../harness/packets/index.ts';
import { images, useTopology } from '../../harness/vitest/topology.ts';
import { rogueDhcp4 } from '../../peers/rogue-dhcp4.ts';
import { lan } from '../../topologies/lan.ts';

describe.each(images().slice(0, 1))('a rogue DHCPv4 server on the LAN of $label', (image) => {
  const topo = useTopology(lan, image, { reset: 'per-case' });

  test('both servers offer; the client is bound to whichever answered first, gateway and all', async () => {
    const { segments } = topo();
    const rogueHost = new Host(await segments.lan.attach('rogue'), 'rogue', '52:54:00:66:66:66').configure({ ip4: '192.168.1.250/24' });
    const rogue = rogueDhcp4(rogueHost, { pool: '192.168.1.200', gateway: '192.168.1.250' });
    const client = new Host(await segments.lan.attach('client'), 'client', '52:54:00:c1:00:21');
    const lease = await client.dhcp();
    // Both servers answer the one DISCOVER; the client takes the first offer, as real ones do.
    const offerFrom = (server: string) => (f: { data: Buffer }) => {
      const d = decodeFrame(f.data).dhcp4;
      return d?.options.messageType === 'offer' && d.options.serverId === server;
    };
    await segments.lan.find(offerFrom('192.168.1.250'), { timeout: 5000, what: "the rogue's offer" });
    await segments.lan.find(offerFrom('192.168.1.1'), { timeout: 5000, what: "the router's offer" });
    expect(rogue.offers).toBeGreaterThanOrEqual(1);
    expect([lease.serverId, lease.router]).toEqual(lease.serverId === '192.168.1.1' ? ['192.168.1.1', '192.168.1.1'] : ['192.168.1.250', '192.168.1.250']);
    rogue.stop();
  });
});
