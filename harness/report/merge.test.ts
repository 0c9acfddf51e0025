// Merging shards, on recorded results: fixture-shards/ holds the report directories (results.json,
// junit.xml, labs/) of `netrig test --image fixture:mipsel --topology lan --shard 1/2` and `2/2`
// with a grep for one case per shard (requirements table cut to a few rows); fixture/ is a run
// with a failure. Both shards booted a lab named `lan-mipsel`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { mergeJunit, mergeReports, mergeResults, type RunReport } from './merge.ts';
import { tally } from './model.ts';
import { readResults } from './render.ts';

const SHARDS = path.join(import.meta.dirname, 'fixture-shards');
const shard = (i: number) => path.join(SHARDS, `shard-${i}`);
const run = (dir: string): RunReport => ({ dir, data: readResults(dir) });
const key = (c: { file: string; path: string[]; image?: string }) => [c.image ?? '', c.file, ...c.path].join(' › ');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'netrig-merge-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** Every <testcase>, as `suite › classname › name`. */
function testcases(xml: string): string[] {
  const out: string[] = [];
  for (const s of xml.matchAll(/<testsuite\b[^>]*\bname="([^"]*)"[^>]*>([\s\S]*?)<\/testsuite>/g)) {
    for (const t of s[2].matchAll(/<testcase\b[^>]*\bclassname="([^"]*)"[^>]*\bname="([^"]*)"/g)) out.push(`${s[1]} › ${t[1]} › ${t[2]}`);
  }
  return out;
}

describe('results of two shards', () => {
  const [one, two] = [run(shard(1)), run(shard(2))];
  const { data, renamed } = mergeResults([one, two]);

  test('hold every case of both shards exactly once, each as its shard recorded it', () => {
    const all = [...one.data.cases, ...two.data.cases];
    expect(data.cases.map(key).sort()).toEqual(all.map(key).sort());
    expect(new Set(data.cases.map(key)).size).toBe(data.cases.length);
    expect(new Set(data.cases.map((c) => c.id)).size).toBe(data.cases.length);
    expect(tally(data.cases)).toEqual({ pass: 2, fail: 0, 'expected-fail': 0, skip: all.length - 2 });
    const passed = data.cases.filter((c) => c.outcome === 'pass').map((c) => c.path.at(-1));
    expect(passed).toEqual([expect.stringMatching(/^the router boots and its shell reports/), expect.stringMatching(/^both servers offer/)]);
  });

  test('keep both labs: the second lan-mipsel is renamed, and its case and files follow it', () => {
    expect(data.labs.map((l) => l.name)).toEqual(['lan-mipsel', 'lan-mipsel-2']);
    expect(renamed).toEqual([new Map(), new Map([['lan-mipsel', 'lan-mipsel-2']])]);
    const rogue = data.cases.find((c) => c.outcome === 'pass' && c.file === 'cases/dhcp/rogue-dhcp4.test.ts')!;
    expect(rogue.lab).toBe('lan-mipsel-2');
    const lab = data.labs[1];
    expect(lab.dir).toBe('labs/lan-mipsel-2');
    expect(lab.guests[0].console).toBe('labs/lan-mipsel-2/router.console.log');
    expect(lab.pcaps.map((p) => p.file)).toContain('labs/lan-mipsel-2/lan.pcap');
    expect(data.labs[0]).toEqual(one.data.labs[0]);
  });

  test('span both runs, and keep the fuller requirements table', () => {
    expect(data.runId).toBe('s1 + s2');
    expect(data.startedAt).toBe(Math.min(one.data.startedAt, two.data.startedAt));
    expect(data.finishedAt).toBe(Math.max(one.data.finishedAt, two.data.finishedAt));
    expect(data.images).toEqual(['mipsel']);
    expect(data.requirements).toEqual(one.data.requirements);
  });

  test('with a failing run: the failure and its errors outside cases stay, naming their run', () => {
    const failing = run(path.join(import.meta.dirname, 'fixture'));
    failing.data.errors = [{ where: 'unhandled error', error: { message: 'boom' } }];
    const merged = mergeResults([one, two, failing]).data;
    expect(tally(merged.cases).fail).toBe(1);
    expect(merged.errors).toEqual([{ where: `unhandled error (run ${failing.data.runId})`, error: { message: 'boom' } }]);
    expect(merged.images).toEqual(['mipsel', ...failing.data.images]);
  });

  test('the same run given twice is refused, naming both directories', () => {
    expect(() => mergeResults([one, { ...one, dir: 'again' }])).toThrow(`${shard(1)} and again hold the same run (s1); give each shard's report directory once`);
  });
});

describe('JUnit of two shards', () => {
  const files = [1, 2].map((i) => ({ name: `shard-${i}`, xml: fs.readFileSync(path.join(shard(i), 'junit.xml'), 'utf8') }));
  const xml = mergeJunit(files, 'netrig s1 + s2');

  test('has every test case of both exactly once', () => {
    const each = files.flatMap((f) => testcases(f.xml));
    expect(testcases(xml).sort()).toEqual(each.sort());
    expect(new Set(testcases(xml)).size).toBe(each.length);
  });

  test('keeps one suite per image, holding both shards\' cases on it, with summed counts', () => {
    const suites = [...xml.matchAll(/<testsuite name="([^"]*)"([^>]*)>/g)].map((m) => [m[1], m[2]] as const);
    expect(suites.map(([n]) => n).filter((n) => n === 'mipsel')).toHaveLength(1);
    const mipsel = suites.find(([n]) => n === 'mipsel')![1];
    expect(mipsel).toContain('tests="5"');
    expect(mipsel).toContain('skipped="3"');
    expect(mipsel).toContain('timestamp="2026-11-23T14:52:25.156Z"'); // the earlier of the two
    expect(testcases(xml).filter((t) => t.startsWith('mipsel › '))).toHaveLength(5);
    // Suites of files that ran on no image stay as they were.
    expect(suites.map(([n]) => n)).toEqual(expect.arrayContaining(['cases/dhcp/server.test.ts', 'cases/lab/bad-input.test.ts', 'cases/dhcp/lan-hosts.test.ts']));
  });

  test('totals at the root are the suites\' sums, and every element is closed', () => {
    const root = /<testsuites name="netrig s1 \+ s2" tests="(\d+)" failures="0" errors="0" time="([\d.]+)">/.exec(xml);
    expect(root).not.toBeNull();
    expect(Number(root![1])).toBe(testcases(xml).length);
    expect(Number(root![2])).toBeCloseTo(10.04926363 + 13.560953613, 5);
    expect(xml.match(/<testsuite /g)!.length).toBe(xml.match(/<\/testsuite>/g)!.length);
    expect(xml.match(/<testcase /g)!.length).toBe(xml.match(/<\/testcase>|<testcase [^>]*\/>/g)!.length);
    expect(xml.trimEnd().endsWith('</testsuites>')).toBe(true);
  });

  test('a file that is not JUnit is refused, naming it', () => {
    expect(() => mergeJunit([{ name: 'notes.txt', xml: 'hello' }], 't')).toThrow('notes.txt is not a JUnit file (no <testsuites> element)');
  });
});

describe('report directories merged on disk', () => {
  test('one directory: results, coverage, HTML, junit.xml, and both shards\' labs with their files', () => {
    const out = path.join(scratch, 'merged');
    const { data, junit } = mergeReports([shard(1), shard(2)], out);
    expect(junit).toBe(path.join(out, 'junit.xml'));
    for (const f of ['results.json', 'coverage.json', 'coverage.md', 'index.html', 'junit.xml']) expect(fs.existsSync(path.join(out, f))).toBe(true);
    expect(readResults(out)).toEqual(data);
    for (const lab of data.labs) {
      for (const g of lab.guests) expect(fs.readFileSync(path.join(out, g.console!), 'utf8')).toMatch(/NETRIG-READY/);
      for (const p of lab.pcaps) expect(fs.statSync(path.join(out, p.file)).size).toBe(p.bytes);
    }
    const html = fs.readFileSync(path.join(out, 'index.html'), 'utf8');
    expect(html).toContain('the router boots and its shell reports the architecture of the image');
    expect(html).toContain('both servers offer; the client is bound to whichever answered first');
    expect(html).toContain('href="labs/lan-mipsel-2/lan.pcap"');
    // Merging again into the same place gives the same report.
    const again = mergeReports([shard(1), shard(2)], out, { junit: path.join(scratch, 'elsewhere', 'j.xml') });
    expect(again.data.cases).toEqual(data.cases);
    expect(fs.readFileSync(again.junit, 'utf8')).toBe(fs.readFileSync(junit, 'utf8'));
  });

  test('the output directory cannot be one of the inputs', () => {
    expect(() => mergeReports([shard(1), shard(2)], shard(2))).toThrow(`--out ${shard(2)} is also one of the report directories to merge; name a new directory`);
  });

  test('a report directory without its run\'s junit.xml is named, with what to do', () => {
    const bare = path.join(scratch, 'bare');
    fs.mkdirSync(bare, { recursive: true });
    fs.copyFileSync(path.join(shard(1), 'results.json'), path.join(bare, 'results.json'));
    fs.writeFileSync(path.join(scratch, 'junit.xml'), '<testsuites name="netrig another-run"></testsuites>');
    expect(() => mergeReports([bare, shard(2)], path.join(scratch, 'out2'))).toThrow(`${bare} has no junit.xml of run s1; run netrig test with --report DIR`);
    // Beside it, as in artifacts/<run>/report and artifacts/<run>/junit.xml, it is found.
    fs.copyFileSync(path.join(shard(1), 'junit.xml'), path.join(scratch, 'junit.xml'));
    expect(mergeReports([bare, shard(2)], path.join(scratch, 'out2')).data.cases).toHaveLength(47);
  });
});
