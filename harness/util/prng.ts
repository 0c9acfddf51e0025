// A small seeded pseudo-random generator (mulberry32), for cases and tests that make up input —
// garbage frames, fuzzed fields — and must be able to replay a failing run from its seed.

/** Successive 32-bit unsigned integers from `seed`: the same seed gives the same sequence. */
export function prng32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}
