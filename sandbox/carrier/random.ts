// Deterministic randomness: the same tracking code or seed always yields the same draws,
// so runs are repeatable and thousands of trackers still spread out in time.

export type Random = () => number;

// FNV-1a: cheap and stable across processes, unlike anything keyed on object identity.
export function hashString(text: string, salt = 0): number {
  let hash = (0x811c9dc5 ^ salt) >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

// mulberry32: a tiny PRNG with a 32-bit state, good enough for scheduling and fault dice.
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function between(random: Random, [min, max]: readonly [number, number]): number {
  return min + (max - min) * random();
}

// 32 lowercase hex characters, the shape of EasyPost's object ids after the prefix.
export function randomHex(random: Random): string {
  let hex = '';
  for (let i = 0; i < 4; i++) hex += Math.floor(random() * 4294967296).toString(16).padStart(8, '0');
  return hex;
}
