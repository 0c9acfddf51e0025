// `netrig test`'s checks before anything boots, and which case files `--topology` picks. The
// spawned command, every bad-usage line included, is tested in cases/cli/cli.test.ts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { caseFilesUsing, checkImageSpecs, checkTestOptions } from './test-command.ts';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'netrig-cmd-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

test('--topology picks the case files that import that topology, in any folder', () => {
  const cases = path.join(scratch, 'cases');
  const write = (f: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(cases, f)), { recursive: true });
    fs.writeFileSync(path.join(cases, f), text);
  };
  write('lab/boot.test.ts', "import { lan } from '../../topologies/lan.ts';\n");
  write('dhcp/deep/hosts.test.ts', 'import { lan } from "../../../topologies/lan";\n');
  write('pppoe/wan.test.ts', "import { pppoe } from '../../topologies/pppoe.ts';\nimport { WORLD } from '../../topologies/world.ts';\n");
  write('lab/support/runner.ts', "import { lan } from '../../../topologies/lan.ts';\n");
  write('lab/lanes.test.ts', "import { lanes } from '../../topologies/lanes.ts';\n");
  const rel = (files: string[]) => files.map((f) => path.relative(scratch, path.resolve(path.join(import.meta.dirname, '../..'), f)));
  expect(rel(caseFilesUsing('lan', cases))).toEqual(['cases/dhcp/deep/hosts.test.ts', 'cases/lab/boot.test.ts']);
  expect(rel(caseFilesUsing('pppoe', cases))).toEqual(['cases/pppoe/wan.test.ts']);
  expect(caseFilesUsing('l2tp', cases)).toEqual([]);
  // This repository's own lan cases include the lab core.
  expect(caseFilesUsing('lan')).toContain('cases/lab/boot.test.ts');
});

test('options are checked before any image is resolved', () => {
  expect(() => checkTestOptions({ shard: '2/2', grep: 'WPD-1\\b', topology: 'pppoe' })).not.toThrow();
  expect(() => checkTestOptions({ shard: '1/0' })).toThrow('--shard 1/0: i must be between 1 and n');
  expect(() => checkTestOptions({ shard: '1-2' })).toThrow('--shard wants i/n, e.g. 1/2; got "1-2"');
  expect(() => checkTestOptions({ topology: 'wan' })).toThrow('unknown topology "wan"; known: lan, pppoe, ipoe, l2tp');
  expect(() => checkTestOptions({ grep: '[' })).toThrow(/^--grep "\[" is not a valid regular expression/);
  expect(() => checkTestOptions({ report: path.join(import.meta.dirname, 'main.ts') })).toThrow('is a file; name a directory');
  expect(() => checkTestOptions({ junit: scratch })).toThrow(`--junit ${scratch} is a directory; name the XML file to write, e.g. ${scratch}/junit.xml`);
  expect(() => checkTestOptions({ report: path.join(scratch, 'new'), junit: path.join(scratch, 'new.xml') })).not.toThrow();
});

test('an --image that is neither a fixture nor on disk names the known fixtures', () => {
  expect(() => checkImageSpecs(['fixture:mipsel', scratch])).not.toThrow();
  expect(() => checkImageSpecs(['/no/such/result'])).toThrow('--image /no/such/result: no such directory; give a Liminix vmroot output or a kernel+initrd directory, or one of fixture:mipsel, fixture:armhf, fixture:arm64');
});
