/** Mulberry32: a tiny seeded PRNG, so generated cases are the same on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Characters a key encoder must survive: forbidden, separators, escapes and Entra's guest marker. */
export const AWKWARD = ['/', '\\', '#', '?', '~', ':', ';', '%', '#EXT#', ' ', '\u0000', '\u001F', '\u007F', '\u0085', '\u009F'];

/**
 * One code point drawn from a mix of ranges: safe ASCII, the rest of ASCII, C0 and C1 control
 * characters, the BMP outside the surrogate block, and the astral planes.
 */
function randomCodePoint(random: () => number): string {
  const pick = (from: number, to: number) => from + Math.floor(random() * (to - from + 1));
  const bucket = Math.floor(random() * 7);
  switch (bucket) {
    case 0:
      return 'abcXYZ019._@-'[pick(0, 12)]!;
    case 1:
      return String.fromCodePoint(pick(0x20, 0x7e));
    case 2:
      return String.fromCodePoint(pick(0x00, 0x1f));
    case 3:
      return String.fromCodePoint(pick(0x7f, 0x9f));
    case 4:
      return String.fromCodePoint(random() < 0.5 ? pick(0xa0, 0xd7ff) : pick(0xe000, 0xffff));
    case 5:
      return String.fromCodePoint(pick(0x10000, 0x10ffff));
    default:
      return AWKWARD[pick(0, AWKWARD.length - 1)]!;
  }
}

/** A well-formed string (no lone surrogates) of 0..maxCodePoints code points. */
export function randomString(random: () => number, maxCodePoints = 12): string {
  const length = Math.floor(random() * (maxCodePoints + 1));
  let out = '';
  for (let i = 0; i < length; i++) out += randomCodePoint(random);
  return out;
}

/** `count` random strings from a fixed seed. */
export function randomStrings(seed: number, count: number, maxCodePoints = 12): string[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => randomString(random, maxCodePoints));
}
