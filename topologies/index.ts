// Every topology netrig ships, by name (what `netrig up NAME` and `--topology NAME` accept).
import type { Topology } from '../harness/lab/topology.ts';
import { lan } from './lan.ts';

export const TOPOLOGIES: Record<string, Topology> = { lan };

export function topologyNamed(name: string): Topology {
  const t = TOPOLOGIES[name];
  if (!t) throw new Error(`unknown topology "${name}"; known: ${Object.keys(TOPOLOGIES).join(', ')}`);
  return t;
}
