// The report's data, without a browser: requirement IDs from titles, the coverage table across
// images, its Markdown, the wiring read back from QEMU command lines, pcap frame counts, the
// topology drawing, and JUnit suites regrouped per image.
import type { File, Suite, Task, Test } from '@vitest/runner';
import type { TestModule } from 'vitest/node';
import { describe, expect, test } from 'vitest';
import { pcapHeader, pcapRecord } from '../net/pcap.ts';
import { lan } from '../../topologies/lan.ts';
import { suitesPerImage } from './junit.ts';
import { pcapFrames, wiresOf } from './labs.ts';
import { coverage, requirementIds, RESULTS_FORMAT, withoutIds, type CaseResult, type ReportData } from './model.ts';
import { coverageMarkdown } from './render.ts';
import { topologySvg } from './svg.ts';

describe('requirement IDs in titles', () => {
  test.each([
    ['WPD-1: requests prefix delegation on the WAN', ['WPD-1']],
    ['L-2, L-3: numbers the LAN from the delegated prefix', ['L-2', 'L-3']],
    ['L-2,L-3: no space', ['L-2', 'L-3']],
    ['REC-10.2: a dotted one', ['REC-10.2']],
    ['ICMP6-4.3.1-2: must not drop', ['ICMP6-4.3.1-2']],
    ['6RD-1, DHCP4-C-RENEW, WPD-5(a), L-13/RFC9096: the table\'s other shapes', ['6RD-1', 'DHCP4-C-RENEW', 'WPD-5(a)', 'L-13/RFC9096']],
    ['the router boots', []],
    ['IPv6-only: not an ID', []],
    ['2-3 hosts: not an ID', []],
    ['wpd-1: lower case is not an ID', []],
    ['WPD-1 without a colon', []],
  ])('%s', (title, ids) => {
    expect(requirementIds(title)).toEqual(ids);
  });

  test('the title without them', () => {
    expect(withoutIds('L-2, L-3: numbers the LAN')).toBe('numbers the LAN');
  });
});

const kase = (over: Partial<CaseResult>): CaseResult => ({ id: Math.random().toString(36).slice(2), project: 'system', file: 'cases/x.test.ts', path: ['d', 'x'], requirements: [], outcome: 'pass', errors: [], ...over });

function data(cases: CaseResult[]): ReportData {
  return {
    format: RESULTS_FORMAT,
    runId: 'r',
    startedAt: 0,
    finishedAt: 1,
    images: ['mipsel', 'arm64'],
    cases,
    labs: [{ name: 'lan-mipsel', dir: 'labs/lan-mipsel', guests: [], pcaps: [], timeline: [] }],
    requirements: [
      { id: 'W-1', text: 'acts as an IPv6 host on the WAN', testability: 'wire', level: 'MUST', rfc: 7084, section: '4.2' },
      { id: 'G-1', text: 'is an IPv6 node', testability: 'not-testable', why: 'umbrella requirement' },
      { id: 'L-9', text: 'never tried', testability: 'wire' },
    ],
    errors: [],
  };
}

describe('coverage', () => {
  const cases = [
    kase({ requirements: ['W-1'], image: 'mipsel', outcome: 'pass', lab: 'lan-mipsel' }),
    kase({ requirements: ['W-1', 'WPD-2'], image: 'mipsel', outcome: 'fail', lab: 'lan-mipsel', path: ['d', 'W-1, WPD-2: both'] }),
    kase({ requirements: ['W-1'], image: 'arm64', outcome: 'pass' }),
    kase({ requirements: ['WPD-2'], image: 'arm64', outcome: 'expected-fail' }),
    kase({ requirements: ['WPD-10'], image: 'arm64', outcome: 'skip', path: ['d', 'WPD-10: later'] }),
    kase({ project: 'unit', path: ['W-1: a unit test named like a case decides nothing'], requirements: ['W-1'] }),
  ];
  const cov = coverage(data(cases));
  const row = (id: string) => cov.rows.find((r) => r.id === id)!;

  test('one row per ID of the table, then the IDs only titles name, in numeric order', () => {
    expect(cov.rows.map((r) => r.id)).toEqual(['W-1', 'G-1', 'L-9', 'WPD-2', 'WPD-10']);
    expect(row('WPD-2').title).toBe('both');
  });

  test('per image, a failure outweighs passes; expected-fail and skip show as such', () => {
    expect(row('W-1').cells.mipsel).toMatchObject({ result: 'fail', lab: 'lan-mipsel' });
    expect(row('W-1').cells.mipsel.cases).toHaveLength(2);
    expect(row('W-1').cells.arm64.result).toBe('pass');
    expect(row('WPD-2').cells.arm64.result).toBe('expected-fail');
    expect(row('WPD-10').cells.arm64.result).toBe('skip');
    expect(row('WPD-10').cells.mipsel.result).toBe('not run');
  });

  test('not-testable rows come from the table, with why', () => {
    expect(row('G-1').cells.mipsel.result).toBe('not testable');
    expect(row('G-1').why).toBe('umbrella requirement');
    expect(row('L-9').cells.arm64.result).toBe('not run');
  });

  test('the summary counts IDs decided and results per image', () => {
    expect(cov.summary.decided).toBe(2);
    expect(cov.summary.notTestable).toBe(1);
    expect(cov.summary.perImage.mipsel).toMatchObject({ pass: 0, fail: 2, 'not testable': 1, 'not run': 2 });
    expect(cov.summary.perImage.arm64).toMatchObject({ pass: 1, 'expected-fail': 1, skip: 1 });
  });

  test('coverage.md: a row per ID, results linking the artifacts of the lab that decided them', () => {
    const md = coverageMarkdown(data(cases), cov);
    expect(md).toContain('| ID | requirement | level | RFC | mipsel | arm64 |');
    expect(md).toContain('| W-1 | acts as an IPv6 host on the WAN | MUST | 7084 §4.2 | [**FAIL**](labs/lan-mipsel/) | pass |');
    expect(md).toContain('| G-1 | is an IPv6 node _(not testable: umbrella requirement)_ |');
    expect(md).toContain('- mipsel: 0 pass, 2 fail, 0 expected-fail, 2 not run');
  });
});

describe('labs', () => {
  test('wiring read back from a QEMU command line: NIC names, MACs and segments', () => {
    const argv =
      "qemu-system-mipsel -M malta -append 'console=ttyS0 netrig.nic=wan,52:54:00:01:00:01 netrig.nic=lan,52:54:00:01:01:01' " +
      '-netdev socket,id=n0,mcast=230.0.0.1:1234,localaddr=127.0.0.1 -device virtio-net-pci,netdev=n0,mac=52:54:00:01:00:01,romfile= ' +
      '-netdev socket,id=n1,mcast=230.0.0.1:1235,localaddr=127.0.0.1 -device virtio-net-pci,netdev=n1,mac=52:54:00:01:01:01,romfile= ' +
      '-netdev socket,id=n2,mcast=230.0.0.9:999,localaddr=127.0.0.1 -device e1000,netdev=n2,mac=52:54:00:01:02:01';
    expect(wiresOf(argv)).toEqual([
      { nic: 'wan', mac: '52:54:00:01:00:01', segment: 'access' },
      { nic: 'lan', mac: '52:54:00:01:01:01', segment: 'lan' },
      { nic: 'n2', mac: '52:54:00:01:02:01', segment: '230.0.0.9:999' },
    ]);
  });

  test('pcap frames are counted up to the last whole record', () => {
    const whole = Buffer.concat([pcapHeader(), pcapRecord(Buffer.alloc(60), 1), pcapRecord(Buffer.alloc(90), 2)]);
    expect(pcapFrames(whole)).toBe(2);
    expect(pcapFrames(whole.subarray(0, whole.length - 1))).toBe(1);
    expect(pcapFrames(Buffer.from('not a pcap at all, really not'))).toBe(0);
  });
});

describe('topology drawing', () => {
  test('buses for the segments in cable order, a box per node, a labelled cable per NIC', () => {
    const svg = topologySvg(lan, { router: [{ nic: 'wan', mac: '52:54:00:01:00:01', segment: 'access' }] }, (s) => `note-${s}`);
    expect(svg).toMatch(/^<svg class="topology"/);
    expect([...svg.matchAll(/data-segment="(\w+)"/g)].map((m) => m[1])).toEqual(['access', 'lan']);
    expect(svg).toContain('data-node="router"');
    expect(svg).toContain('data-nic="router.wan"');
    expect(svg).toContain('data-nic="router.lan"');
    expect(svg).toContain('>52:54:00:01:00:01<');
    expect(svg).toContain('>note-access<');
    const [, w, h] = /viewBox="0 0 (\d+(?:\.\d+)?) (\d+(?:\.\d+)?)"/.exec(svg)!;
    expect(Number(w)).toBeGreaterThan(300);
    expect(Number(h)).toBeGreaterThan(150);
    // every box inside the picture
    for (const m of svg.matchAll(/<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)"/g)) expect(Number(m[1]) + Number(m[3])).toBeLessThanOrEqual(Number(w));
  });

  test('a chain world–border–access–router–lan–client puts each node between its buses', () => {
    const chain = {
      name: 'pppoe',
      nodes: {
        server: { role: 'host', segment: 'world', ip4: '198.51.100.10/24', mac: '52:54:00:fd:00:01' },
        border: { role: 'border', nics: { up: 'world', down: 'access' } },
        router: { role: 'router', nics: { wan: 'access', lan: 'lan' } },
        client: { role: 'host', nics: { eth0: 'lan' } },
      },
    };
    const svg = topologySvg(chain);
    expect(svg).toContain('data-nic="server.198.51.100.10/24"');
    expect(svg).toContain('>52:54:00:fd:00:01<');
    const y = (node: string) => Number(new RegExp(`data-node="${node}">\\n<rect x="[\\d.]+" y="([\\d.]+)"`).exec(svg)![1]);
    const bus = (seg: string) => Number(new RegExp(`data-segment="${seg}">\\n<line x1="[\\d.]+" y1="([\\d.]+)"`).exec(svg)![1]);
    expect(y('server')).toBeLessThan(bus('world'));
    expect(y('border')).toBeGreaterThan(bus('world'));
    expect(y('border')).toBeLessThan(bus('access'));
    expect(y('router')).toBeGreaterThan(bus('access'));
    expect(y('router')).toBeLessThan(bus('lan'));
    expect(y('client')).toBeGreaterThan(bus('lan'));
  });

  test('names are escaped', () => {
    expect(topologySvg({ name: 'x', nodes: { r: { role: '<b>', nics: { a: 'lan' } } } })).not.toContain('<b>');
  });
});

describe('JUnit suites per image', () => {
  const testTask = (name: string, image?: string): Test => ({ type: 'test', name, meta: image ? { netrig: { image } } : {}, result: { state: 'pass', duration: 5 } }) as unknown as Test;
  const suite = (name: string, tasks: Task[], image?: string): Suite => ({ type: 'suite', name, tasks, meta: image ? { netrig: { image } } : {}, result: { state: 'pass', duration: 10 } }) as unknown as Suite;
  const file = (filepath: string, tasks: Task[]): TestModule => ({ task: { type: 'suite', name: filepath, filepath: `/root/${filepath}`, tasks, meta: {}, result: { state: 'pass', duration: 20 } } as unknown as File }) as unknown as TestModule;

  test('describes that ran on an image move to that image\'s suite; the rest keep their file', () => {
    const out = suitesPerImage(
      [
        file('cases/a.test.ts', [suite('on mipsel', [testTask('t1')], 'mipsel'), suite('on arm64', [testTask('t2')], 'arm64')]),
        file('cases/b.test.ts', [suite('on mipsel', [testTask('t3', 'mipsel')]), testTask('loose')]),
        file('harness/c.test.ts', [testTask('unit')]),
      ],
      '/root',
    ) as unknown as Array<{ task: File }>;
    const byName = Object.fromEntries(out.map((m) => [m.task.filepath, m.task.tasks.map((t) => t.name)]));
    expect(byName).toEqual({
      '/root/cases/b.test.ts': ['loose'],
      '/root/harness/c.test.ts': ['unit'],
      '/root/mipsel': ['on mipsel', 'on mipsel'],
      '/root/arm64': ['on arm64'],
    });
    expect(out.find((m) => m.task.filepath === '/root/mipsel')!.task.result?.duration).toBe(20);
  });
});
