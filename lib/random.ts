// One global, seeded random number generator: manualSeed(n) makes every random result reproducible.
// xoshiro128** (Blackman & Vigna): small, fast and of good quality in 32-bit arithmetic.

let state = new Uint32Array(4);

/** splitmix32 expands one seed into the generator's four words. */
function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** Seeds the generator: the same seed gives the same numbers, on every backend. */
export function manualSeed(seed: number): void {
  const next = splitmix32(seed);
  state = Uint32Array.of(next(), next(), next(), next());
}
manualSeed(0);

/** The generator's state (a copy): give it to setRandomState to draw the same numbers again. */
export function randomState(): Uint32Array {
  return state.slice();
}

/** Puts the generator back in a state randomState() returned. */
export function setRandomState(saved: Uint32Array): void {
  state = saved.slice();
}

const rotl = (x: number, k: number) => (x << k) | (x >>> (32 - k));

function nextUint32(): number {
  const s = state;
  const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
  const t = s[1] << 9;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 11);
  return result;
}

/** Uniform in [0, 1). */
export function random(): number {
  return nextUint32() / 4294967296;
}

/** Standard normal, by the Box–Muller transform. */
export function randomNormal(): number {
  const u = 1 - random(); // (0, 1]: log(u) is finite
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Uniform integer in [low, high). */
export function randomInt(low: number, high: number): number {
  return low + Math.floor(random() * (high - low));
}

/** Fisher–Yates shuffle of 0…n−1. */
export function permutation(n: number): Int32Array {
  const out = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
