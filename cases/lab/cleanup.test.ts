// Nothing outlives a run: after SIGINT, SIGTERM or SIGKILL of the process that runs a lab, no
// QEMU, no namespace holder and (after the next lab sweeps) no scratch directory is left.
import fs from 'node:fs';
import { execa } from 'execa';
import { describe, expect, test } from 'vitest';
import { sweepStaleRunDirs } from '../../harness/lab/lab.ts';
import { alive } from '../../harness/util/proc.ts';
import { retry } from '../../harness/util/wait.ts';
import { images } from '../../harness/vitest/topology.ts';

const RUNNER = new URL('./support/runner.ts', import.meta.url).pathname;
const image = images()[0];


async function startRunner() {
  const child = execa('node', ['--import', 'tsx', RUNNER, image.dir], { reject: false, buffer: false, stdout: 'pipe', stderr: 'inherit' });
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('\n')) resolve(out.split('\n')[0]);
    });
    void child.then((r) => reject(new Error(`runner exited before its guest was ready: ${r.exitCode ?? r.signal}`)));
  });
  return { child, ...(JSON.parse(line) as { qemu: number; relay: number; runDir: string }) };
}

const gone = (pid: number) => retry(() => (alive(pid) ? undefined : true), { timeout: 10_000, what: `process ${pid} to die` });

describe(`cleanup on ${image.label}`, () => {
  test.each(['SIGINT', 'SIGTERM'] as const)('%s of the runner leaves no QEMU, namespace or scratch directory', async (signal) => {
    const run = await startRunner();
    expect(alive(run.qemu)).toBe(true);
    expect(fs.existsSync(run.runDir)).toBe(true);
    run.child.kill(signal);
    await run.child;
    await gone(run.qemu);
    await gone(run.relay);
    expect(fs.existsSync(run.runDir)).toBe(false);
  });

  test('SIGKILL of the runner: the guest and the namespace die with it; the next lab sweeps its files', async () => {
    const run = await startRunner();
    run.child.kill('SIGKILL');
    await run.child;
    await gone(run.qemu);
    await gone(run.relay);
    // Whichever lab opens next sweeps it (another test file's, running in parallel, may be first).
    sweepStaleRunDirs();
    expect(fs.existsSync(run.runDir)).toBe(false);
  });
});
