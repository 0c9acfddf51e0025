// The report as a person meets it: rendered from a recorded run (fixture/: one lab of the `lan`
// topology on a mipsel router — a pass, a failure whose error carries frames and the router's
// console, an expected-fail), opened in Debian's Chromium. The failure's evidence must be on
// screen, the topology drawn, every link local. The screenshot is kept as
// artifacts/<run>/report/screenshot.png.
//
// The fixture was recorded by running three such cases once and keeping report/results.json
// (requirements table cut to the rows it uses) and report/labs/.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { artifactsRoot } from '../lab/lab.ts';
import { renderReport } from './render.ts';

const CHROMIUM = '/usr/bin/chromium';
const FIXTURE = path.join(import.meta.dirname, 'fixture');

let dir: string;
let profile: string;
let browser: BrowserContext;

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: the report test needs Debian's Chromium (scripts/setup installs it: apt-get install chromium)`);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netrig-report-'));
  fs.cpSync(FIXTURE, dir, { recursive: true });
  renderReport(dir);
  // A new, empty profile: nothing from an earlier run (cache, cookies) can make the page look right.
  profile = fs.mkdtempSync(path.join(os.tmpdir(), 'netrig-chromium-'));
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 900 },
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  for (const d of [dir, profile]) if (d) fs.rmSync(d, { recursive: true, force: true });
});

test('a failing case shows its error and evidence, the topology renders, and nothing leaves the directory', async () => {
  const page = await browser.newPage();
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(pathToFileURL(path.join(dir, 'index.html')).href);

  await expect.poll(() => page.title()).toMatch(/1 failed/);

  // The failure comes first, with what the case waited for and the evidence the error carried.
  const failure = page.locator('article.failure').first();
  expect(await failure.isVisible()).toBe(true);
  expect(await failure.locator('h3').innerText()).toContain('WPD-1: requests prefix delegation on the WAN');
  const headline = failure.locator('.headline');
  expect(await headline.isVisible()).toBe(true);
  expect(await headline.innerText()).toContain('timed out after 6.0 s waiting for a DHCPv6 Solicit with IA_PD');
  const evidence = failure.locator('pre.evidence');
  expect(await evidence.isVisible()).toBe(true);
  const text = await evidence.innerText();
  expect(text).toContain('frames on access');
  expect(text).toContain('router console, last lines:');
  expect(text).toContain('NETRIG-READY');
  const box = await evidence.boundingBox();
  expect(box!.y).toBeLessThan(900); // above the fold
  expect(await failure.locator('a', { hasText: 'access.pcap' }).getAttribute('href')).toBe('labs/lan-router-mipsel/access.pcap');

  // The topology: a real drawing, with its nodes, segments and NICs named.
  const svg = page.locator('#topology svg.topology');
  const drawn = await svg.boundingBox();
  expect(drawn!.width).toBeGreaterThan(200);
  expect(drawn!.height).toBeGreaterThan(100);
  const labels = await svg.locator('text').allTextContents(); // SVG text has no innerText
  expect(labels).toEqual(expect.arrayContaining(['router', 'access', 'lan', 'wan', '52:54:00:01:00:01']));
  const node = await svg.locator('[data-node="router"] rect').boundingBox();
  expect(node!.width).toBeGreaterThan(50);

  // Cases, coverage and timeline say the same thing.
  expect(await page.locator('#results tr.fail').count()).toBe(1);
  expect(await page.locator('#req-WPD-1 .badge').innerText()).toContain('fail');
  expect(await page.locator('#req-W-3 .badge').innerText()).toContain('expected-fail');
  expect(await page.locator('#labs table.timeline').innerText()).toContain('DHCPv4 Offer 192.168.1.100 for client');

  // Console transcripts fold away until opened.
  const transcript = page.locator('#labs details', { hasText: 'router console transcript' }).first();
  expect(await transcript.locator('pre.console').isVisible()).toBe(false);
  await transcript.locator('summary').click();
  expect(await transcript.locator('pre.console').innerText()).toContain('BusyBox');

  expect(requests.filter((u) => !u.startsWith('file:'))).toEqual([]);

  const shot = path.join(artifactsRoot(), 'report', 'screenshot.png');
  fs.mkdirSync(path.dirname(shot), { recursive: true });
  await page.screenshot({ path: shot, fullPage: true });
  expect(fs.statSync(shot).size).toBeGreaterThan(10_000);
  await page.close();
}, 60_000);

test('netrig report DIR re-renders the same page from results.json alone', () => {
  const before = fs.readFileSync(path.join(dir, 'index.html'), 'utf8');
  fs.rmSync(path.join(dir, 'index.html'));
  fs.rmSync(path.join(dir, 'coverage.md'));
  renderReport(dir);
  expect(fs.readFileSync(path.join(dir, 'index.html'), 'utf8')).toBe(before);
  expect(fs.readFileSync(path.join(dir, 'coverage.md'), 'utf8')).toContain('| WPD-1 |');
});

test('a directory without results.json is refused with what to give instead', () => {
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'netrig-noreport-'));
  try {
    expect(() => renderReport(empty)).toThrow(/results\.json: it does not exist; give the report directory of a run/);
  } finally {
    fs.rmSync(empty, { recursive: true, force: true });
  }
});
