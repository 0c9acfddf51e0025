// The router's WAN is plain Ethernet to the ISP: DHCPv4, RA, and DHCPv6 IA_NA + IA_PD on `access`.
import type { Topology } from '../harness/lab/topology.ts';
import { WORLD_SERVER } from './world.ts';

export const ipoe: Topology = {
  name: 'ipoe',
  description: 'router takes DHCPv4 and DHCPv6 (address + prefix) from the border VM on access; a server on world',
  nodes: {
    router: { role: 'router', nics: { wan: 'access', lan: 'lan' }, wan: 'ipoe', lan: '192.168.1.1/24' },
    border: { role: 'border', nics: { access: 'access', world: 'world' }, service: 'ipoe' },
    server: WORLD_SERVER,
  },
};
