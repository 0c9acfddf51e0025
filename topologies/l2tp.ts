// The router reaches the ISP's LNS over an IPoE underlay on `access` and runs PPP inside L2TP;
// prefix delegation over that PPP session.
import type { Topology } from '../harness/lab/topology.ts';
import { WORLD_SERVER } from './world.ts';

export const l2tp: Topology = {
  name: 'l2tp',
  description: 'router dials L2TP (PPP in L2TP over an IPoE underlay) to the border VM; a server on world',
  nodes: {
    router: { role: 'router', nics: { wan: 'access', lan: 'lan' }, wan: 'l2tp', lan: '192.168.1.1/24' },
    border: { role: 'border', nics: { access: 'access', world: 'world' }, service: 'l2tp' },
    server: WORLD_SERVER,
  },
};
