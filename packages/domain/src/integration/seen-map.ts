/**
 * A compact string → int32 map for the keys one import has seen (donor numbers, donation numbers, national ID
 * hashes): two independent 32-bit hashes per key in typed arrays, open addressing. Three million donation numbers
 * take ~38 MB instead of the ~250 MB of a Set<string>, which keeps an import of any size within its memory budget.
 * Sets (no values) take 9 bytes a slot at a load of at most 0.75: 3M donation numbers ≈ 38 MB.
 * Two different keys collide with probability ~n²/2⁶⁵ (3M keys: ~2·10⁻⁷) — a collision can only make a row look
 * like a duplicate, never write anything wrong.
 */
export function fnv1a64(s: string): [number, number] {
  let h1 = 0x811c9dc5 | 0;
  let h2 = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  h1 ^= h1 >>> 13;
  h1 = Math.imul(h1, 0xc2b2ae35);
  h1 ^= h1 >>> 16;
  return [h1 >>> 0, h2 >>> 0];
}

/** 16 hex characters of fnv1a64 (keys, not secrets). */
export function shortHash(s: string): string {
  const [a, b] = fnv1a64(s);
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
}

/** 128 bits (hex) of two FNV-1a variants: the unkeyed content hash of rows without personal data (donations). */
export function contentHash(s: string): string {
  return shortHash(s) + shortHash(`\u0002${s}`);
}

export class SeenMap {
  private k1: Uint32Array;
  private k2: Uint32Array;
  private vals: Int32Array;
  private used: Uint8Array;
  private n = 0;

  /** withValues false: a set (get() answers 0 for a member) — 9 instead of 13 bytes a slot. Load ≤ 0.75. */
  constructor(initial = 1 << 12, private readonly withValues = true) {
    let cap = 1;
    while (cap < initial * 2) cap <<= 1;
    this.k1 = new Uint32Array(cap);
    this.k2 = new Uint32Array(cap);
    this.vals = new Int32Array(withValues ? cap : 0);
    this.used = new Uint8Array(cap);
  }

  get size(): number {
    return this.n;
  }

  private slot(a: number, b: number): number {
    const mask = this.used.length - 1;
    let i = (a ^ Math.imul(b, 0x9e3779b1)) & mask;
    while (this.used[i] && (this.k1[i] !== a || this.k2[i] !== b)) i = (i + 1) & mask;
    return i;
  }

  get(key: string): number | undefined {
    const [a, b] = fnv1a64(key);
    const i = this.slot(a, b);
    return this.used[i] ? (this.withValues ? this.vals[i] : 0) : undefined;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  set(key: string, value: number): void {
    const [a, b] = fnv1a64(key);
    let i = this.slot(a, b);
    if (!this.used[i]) {
      if ((this.n + 1) * 4 > this.used.length * 3) {
        this.grow();
        i = this.slot(a, b);
      }
      this.used[i] = 1;
      this.k1[i] = a;
      this.k2[i] = b;
      this.n++;
    }
    if (this.withValues) this.vals[i] = value;
  }

  private grow(): void {
    const { k1, k2, vals, used } = this;
    const cap = used.length * 2;
    this.k1 = new Uint32Array(cap);
    this.k2 = new Uint32Array(cap);
    this.vals = new Int32Array(this.withValues ? cap : 0);
    this.used = new Uint8Array(cap);
    for (let j = 0; j < used.length; j++) {
      if (!used[j]) continue;
      const i = this.slot(k1[j]!, k2[j]!);
      this.used[i] = 1;
      this.k1[i] = k1[j]!;
      this.k2[i] = k2[j]!;
      if (this.withValues) this.vals[i] = vals[j]!;
    }
  }
}
