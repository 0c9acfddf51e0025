import { execFileSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { childrenCpuSeconds, median } from './bench.ts';

describe('bench helpers', () => {
  test('childrenCpuSeconds reads cutime + cstime after a command name with spaces and parentheses', () => {
    // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime …
    const stat = '4242 (node (x) y) S 1 4242 4242 0 -1 4194560 100 200 0 0 50 7 1234 66 20 0 11 0';
    expect(childrenCpuSeconds(stat)).toBe(13);
  });

  test('CPU a waited-for child burns is counted', () => {
    const before = childrenCpuSeconds();
    // The child spins until it has used 0.3 s of CPU itself: timed by the clock, it used less
    // on a machine whose cores QEMU guests kept busy (seen: 0.19 s of 0.3 s).
    execFileSync(process.execPath, ['-e', 'const used = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; }; while (used() < 0.3);']);
    expect(childrenCpuSeconds() - before).toBeGreaterThanOrEqual(0.25);
  });

  test('median of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});
