// Every topology netrig ships, by name (what `netrig up NAME` and `--topology NAME` accept).
import type { Topology } from '../harness/lab/topology.ts';
import { ipoe } from './ipoe.ts';
import { l2tp } from './l2tp.ts';
import { lan } from './lan.ts';
import { pppoe } from './pppoe.ts';

export const TOPOLOGIES: Record<string, Topology> = { lan, pppoe, ipoe, l2tp };

export function topologyNamed(name: string): Topology {
  const t = TOPOLOGIES[name];
  if (!t) throw new Error(`unknown topology "${name}"; known: ${Object.keys(TOPOLOGIES).join(', ')}`);
  return t;
}
