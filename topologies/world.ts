// The internet as the topologies see it: the border routes to `world` (198.51.100.0/24, TEST-NET-2,
// and 3fff:ffff::/64, RFC 9637 documentation space), where this server answers.
import type { HostNode } from '../harness/lab/topology.ts';

export const WORLD = { border4: '198.51.100.1', border6: '3fff:ffff::1', server4: '198.51.100.10', server6: '3fff:ffff::10' } as const;

export const WORLD_SERVER: HostNode = {
  role: 'host',
  segment: 'world',
  ip4: `${WORLD.server4}/24`,
  gateway4: WORLD.border4,
  ip6: [`${WORLD.server6}/64`],
  gateway6: WORLD.border6,
};
