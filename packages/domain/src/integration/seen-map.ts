/**
 * A compact string → int32 map for the keys one import has seen (donor numbers, donation numbers, national ID
 * hashes): two independent 32-bit hashes per key in typed arrays, open addressing. Three million donation numbers
 * take ~38 MB instead of the ~250 MB of a Set<string>, which keeps an import of any size within its memory budget.
 * Sets (no values) take 9 bytes a slot at a load of at most 0.75: 3M donation numbers ≈ 38 MB.
 * Two different keys collide with probability ~n²/2⁶⁵ (3M keys: ~2·10⁻⁷) — a collision can only make a row look
 * like a duplicate, never write anything wrong.
 */
export function fnv1a64(s: string): [number, number] {
  fnvInto(s);
  return [H1, H2];
}

/** fnv1a64 of s into H1/H2 (no array allocated: the maps hash a key per row). */
let H1 = 0;
let H2 = 0;
function fnvInto(s: string): void {
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
  H1 = h1 >>> 0;
  H2 = h2 >>> 0;
}

/** 16 hex characters of fnv1a64 (keys, not secrets). */
export function shortHash(s: string): string {
  const [a, b] = fnv1a64(s);
  return hex8(a) + hex8(b);
}

const hex8 = (n: number): string => n.toString(16).padStart(8, '0');

/**
 * 128 bits (hex) of two FNV-1a variants: the unkeyed content hash of rows without personal data (donations) —
 * shortHash(s) + shortHash('\u0002' + s), both computed in one pass (ContentHasher).
 */
export function contentHash(s: string): string {
  return PLAIN.reset().update(s).digest();
}

/**
 * contentHash of a text given in pieces (no concatenation), after a fixed prefix that is hashed once:
 * `new ContentHasher(p).reset().update(a).update(b).digest() === contentHash(p + a + b)`.
 */
export class ContentHasher {
  private readonly init: Int32Array;
  private a1 = 0;
  private a2 = 0;
  private b1 = 0;
  private b2 = 0;

  constructor(prefix = '') {
    this.init = new Int32Array([0x811c9dc5 | 0, 0x01000193 ^ 0x5bd1e995, 0x811c9dc5 | 0, 0x01000193 ^ 0x5bd1e995]);
    this.reset();
    this.b1 = Math.imul(this.b1 ^ 2, 0x01000193); // the second variant starts with \u0002
    this.b2 = Math.imul(this.b2 ^ 2, 0x5bd1e995);
    this.b2 ^= this.b2 >>> 15;
    this.update(prefix);
    this.init.set([this.a1, this.a2, this.b1, this.b2]);
  }

  reset(): this {
    const i = this.init;
    this.a1 = i[0]!;
    this.a2 = i[1]!;
    this.b1 = i[2]!;
    this.b2 = i[3]!;
    return this;
  }

  update(s: string): this {
    let { a1, a2, b1, b2 } = this;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      a1 = Math.imul(a1 ^ c, 0x01000193);
      a2 = Math.imul(a2 ^ c, 0x5bd1e995);
      a2 ^= a2 >>> 15;
      b1 = Math.imul(b1 ^ c, 0x01000193);
      b2 = Math.imul(b2 ^ c, 0x5bd1e995);
      b2 ^= b2 >>> 15;
    }
    this.a1 = a1;
    this.a2 = a2;
    this.b1 = b1;
    this.b2 = b2;
    return this;
  }

  digest(): string {
    const fin = (h: number): number => {
      h ^= h >>> 13;
      h = Math.imul(h, 0xc2b2ae35);
      h ^= h >>> 16;
      return h >>> 0;
    };
    return hex8(fin(this.a1)) + hex8(this.a2 >>> 0) + hex8(fin(this.b1)) + hex8(this.b2 >>> 0);
  }
}

const PLAIN = new ContentHasher();

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
    fnvInto(key);
    const i = this.slot(H1, H2);
    return this.used[i] ? (this.withValues ? this.vals[i] : 0) : undefined;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  set(key: string, value: number): void {
    fnvInto(key);
    const a = H1;
    const b = H2;
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
