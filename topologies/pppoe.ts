// The router dials the ISP over PPPoE (RFC 2516) on `access`: PAP/CHAP, IPCP, IPv6CP, then
// DHCPv6-PD over the session. A world server on `world` plays the internet, v4 and v6.
import type { Topology } from '../harness/lab/topology.ts';
import { WORLD_SERVER } from './world.ts';

export const pppoe: Topology = {
  name: 'pppoe',
  description: 'router dials PPPoE to the border VM (the ISP); a server on world',
  nodes: {
    router: { role: 'router', nics: { wan: 'access', lan: 'lan' }, wan: 'pppoe', lan: '192.168.1.1/24' },
    border: { role: 'border', nics: { access: 'access', world: 'world' }, service: 'pppoe' },
    server: WORLD_SERVER,
  },
};
