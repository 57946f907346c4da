// Deterministic randomness for the tenant generator, churn and fault injection: the same seed
// must give the same tenant and the same fault sequence on every machine.

export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  int(maxExclusive: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  guid(): string;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/** mulberry32: tiny, fast and good enough for test data (not for secrets). */
export function createRng(seed: number): Rng {
  let state = seed >>> 0 || 0x9e3779b9;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const u32 = () => Math.floor(next() * 4294967296) >>> 0;
  return {
    next,
    int: (max) => Math.floor(next() * max),
    chance: (p) => next() < p,
    pick<T>(items: readonly T[]): T {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new Error("pick from an empty list");
      return item;
    },
    guid() {
      const a = u32();
      const b = u32();
      const c = u32();
      const d = u32();
      // Version 4 / variant 1 bits so ids look like the GUIDs Entra hands out.
      return (
        HEX[a >>> 24]! +
        HEX[(a >>> 16) & 255]! +
        HEX[(a >>> 8) & 255]! +
        HEX[a & 255]! +
        "-" +
        HEX[b >>> 24]! +
        HEX[(b >>> 16) & 255]! +
        "-" +
        HEX[0x40 | ((b >>> 8) & 15)]! +
        HEX[b & 255]! +
        "-" +
        HEX[0x80 | ((c >>> 24) & 63)]! +
        HEX[(c >>> 16) & 255]! +
        "-" +
        HEX[(c >>> 8) & 255]! +
        HEX[c & 255]! +
        HEX[d >>> 24]! +
        HEX[(d >>> 16) & 255]! +
        HEX[(d >>> 8) & 255]! +
        HEX[d & 255]!
      );
    },
  };
}

/** Derives an independent stream from a seed and a label, so adding draws in one place does not shift another. */
export function deriveSeed(seed: number, label: string): number {
  let h = (seed ^ 0x811c9dc5) >>> 0;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}
