// A small seeded random source for the sample generator: the same seed gives the same
// portfolio on every machine, which Math.random cannot promise.

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [min, max). */
  between(min: number, max: number): number;
  /** Whole number in [min, max] (both included). */
  int(min: number, max: number): number;
  chance(p: number): boolean;
  /** Standard normal draw (Box–Muller). */
  normal(): number;
  /** exp(N(mu, sigma)): the long right tail of company sizes. */
  lognormal(mu: number, sigma: number): number;
  pick<T>(items: readonly T[]): T;
}

/** mulberry32: 32 bits of state, fast, and good enough for synthetic data. */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = (): number => {
    const u = 1 - next(); // (0, 1]: log(0) would be -Infinity
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
  };
  return {
    next,
    between: (min, max) => min + (max - min) * next(),
    int: (min, max) => min + Math.floor((max - min + 1) * next()),
    chance: (p) => next() < p,
    normal,
    lognormal: (mu, sigma) => Math.exp(mu + sigma * normal()),
    pick: (items) => items[Math.floor(items.length * next())]!,
  };
}

/** Rounds x to a whole number up or down in proportion to its fraction, so counts keep their average. */
export function roundStochastic(x: number, random: Random): number {
  const whole = Math.floor(x);
  return whole + (random.next() < x - whole ? 1 : 0);
}

/** Index into cumulative weights (ascending, last one = total). */
export function pickWeighted(cumulative: readonly number[], random: Random): number {
  const r = random.next() * cumulative[cumulative.length - 1]!;
  for (let i = 0; i < cumulative.length - 1; i++) if (r < cumulative[i]!) return i;
  return cumulative.length - 1;
}

export function cumulate(weights: readonly number[]): number[] {
  let sum = 0;
  return weights.map((w) => (sum += w));
}
