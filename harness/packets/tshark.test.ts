// Wireshark's dissectors as referee. Every sample frame goes into one pcap; tshark reads it with
// checksum validation on and must find nothing malformed, no expert warning or error (bar those a
// sample names as its point), and the very field values we encoded. The frames forged wrong on
// purpose must each draw an error. Without tshark this fails: it is part of the codecs' contract.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { pcapHeader, pcapRecord } from '../net/pcap.ts';
import { encodeFrame } from './frame.ts';
import { BROKEN, SAMPLES, type Sample } from './samples.ts';

const TSHARK = '/usr/bin/tshark';
const SEVERITY = { chat: 2097152, note: 4194304, warn: 6291456, error: 8388608 };
const CHECKSUMS = ['ip', 'udp', 'tcp', 'icmp', 'icmpv6'].map((p) => `${p}.checksum.status`);
const EXPERT = ['_ws.expert.severity', '_ws.expert.message', '_ws.malformed', ...CHECKSUMS];

interface Dissected {
  fields: Record<string, string>;
  /** Expert messages of warning level and above. */
  complaints: string[];
  malformed: boolean;
  /** Checksum statuses: 0 bad, 1 good, 2 not checked (a quoted packet cut short). */
  checksums: string[];
}

/** Runs tshark over the samples' frames; one result per frame. */
function dissect(samples: Sample[]): Dissected[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netrig-tshark-'));
  const file = path.join(dir, 'samples.pcap');
  fs.writeFileSync(file, Buffer.concat([pcapHeader(), ...samples.map((s, i) => pcapRecord(encodeFrame(s.frame), 1_700_000_000_000 + i))]));
  const wanted = [...new Set(samples.flatMap((s) => Object.keys(s.tshark)))];
  const fields = [...wanted, ...EXPERT];
  let out: string;
  try {
    out = execFileSync(
      TSHARK,
      ['-r', file, '-o', 'ip.check_checksum:TRUE', '-o', 'udp.check_checksum:TRUE', '-o', 'tcp.check_checksum:TRUE', '-T', 'fields', '-E', 'occurrence=a', '-E', 'aggregator=,', '-E', 'separator=/t', '-E', 'quote=n', ...fields.flatMap((f) => ['-e', f])],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20, env: { ...process.env, TZ: 'UTC' } },
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return out
    .split('\n')
    .filter((l) => l !== '')
    .map((line) => {
      const col = Object.fromEntries(line.split('\t').map((v, i) => [fields[i], v]));
      const severities = col['_ws.expert.severity'] ? col['_ws.expert.severity'].split(',').map(Number) : [];
      const messages = col['_ws.expert.message'] ? col['_ws.expert.message'].split(',') : [];
      return {
        fields: col,
        complaints: messages.filter((_, i) => severities[i] >= SEVERITY.warn),
        malformed: col['_ws.malformed'] !== '',
        checksums: CHECKSUMS.flatMap((c) => (col[c] ? col[c].split(',') : [])),
      };
    });
}

let good: Dissected[] = [];
let broken: Dissected[] = [];

beforeAll(() => {
  if (!fs.existsSync(TSHARK)) {
    throw new Error(`${TSHARK} is missing, so Wireshark cannot check the codecs: install it (scripts/setup does: apt-get install tshark)`);
  }
  good = dissect(SAMPLES);
  broken = dissect(BROKEN);
  expect(good).toHaveLength(SAMPLES.length);
  expect(broken).toHaveLength(BROKEN.length);
});

describe('tshark reads every sample as we meant it', () => {
  test.each(SAMPLES.map((s, i) => [s.name, s, i] as const))('%s', (_, s, i) => {
    const d = good[i];
    expect(d.malformed, 'malformed').toBe(false);
    expect(d.complaints.filter((m) => !s.expert?.test(m))).toEqual([]);
    expect(d.checksums).not.toContain('0');
    const seen = Object.fromEntries(Object.keys(s.tshark).map((k) => [k, d.fields[k]]));
    expect(seen).toEqual(s.tshark);
  });
});

describe('tshark objects to each frame forged wrong', () => {
  test.each(BROKEN.map((s, i) => [s.name, s, i] as const))('%s', (_, s, i) => {
    const d = broken[i];
    expect(d.complaints.length, 'an expert error or warning').toBeGreaterThan(0);
    expect(Object.fromEntries(Object.keys(s.tshark).map((k) => [k, d.fields[k]]))).toEqual(s.tshark);
  });
});
