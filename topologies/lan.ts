// The router alone: its WAN cable on `access` with nobody at the other end, its LAN on `lan`.
// What the lab-core cases need: boot, console, and the LAN side (DHCPv4, RA, ARP).
import type { Topology } from '../harness/lab/topology.ts';

export const lan: Topology = {
  name: 'lan',
  description: 'router only: WAN unplugged (access), LAN served by dnsmasq',
  nodes: {
    router: { role: 'router', nics: { wan: 'access', lan: 'lan' }, wan: 'none', lan: '192.168.1.1/24' },
  },
};
