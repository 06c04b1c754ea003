import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { DomainError } from '../errors.js';
import { maskNationalId } from '../donors/masking.js';
import { isValidNationalId, nationalIdLast4, normalizeNationalId } from '../donors/national-id.js';

/**
 * Protection of national ID numbers at rest (PIPL): an HMAC-SHA256 for exact match, the last four characters for
 * "last digits" search, the masked form for display, and AES-256-GCM ciphertext for audited unmasking.
 * Keys come in through configuration (apps read them from env in config.ts), never from process.env here.
 */
export interface PiiKeys {
  /** HMAC key: ≥ 16 bytes; hex or base64 string, or a Buffer. */
  hmacKey: string | Buffer;
  /** AES-256 key: exactly 32 bytes; 64 hex chars or base64 string, or a Buffer. */
  encryptionKey: string | Buffer;
}

/**
 * Fixed, public keys for the embedded demo database, tests and benchmarks. NEVER use them for real data:
 * anyone can read them here.
 */
export const DEMO_PII_KEYS: Readonly<PiiKeys> = Object.freeze({
  hmacKey: 'donorline-demo-hmac-key-not-secret-0000',
  encryptionKey: '646f6e6f726c696e652d64656d6f2d6b65792d6e6f742d7365637265742d2121',
});

function keyBytes(k: string | Buffer, what: string): Buffer {
  if (Buffer.isBuffer(k)) return k;
  if (/^[0-9a-f]+$/i.test(k) && k.length % 2 === 0 && k.length >= 32) return Buffer.from(k, 'hex');
  if (/^[A-Za-z0-9+/]+={0,2}$/.test(k) && k.length % 4 === 0 && k.length >= 24) return Buffer.from(k, 'base64');
  if (what === 'hmac' && k.length >= 16) return Buffer.from(k, 'utf8');
  throw new Error(`PII ${what} key: give hex or base64`);
}

export interface ProtectedNationalId {
  hash: string;
  last4: string;
  masked: string;
  cipher: string;
}

export class PiiCipher {
  private readonly hmacKey: Buffer;
  private readonly encKey: Buffer;

  constructor(keys: PiiKeys) {
    this.hmacKey = keyBytes(keys.hmacKey, 'hmac');
    this.encKey = keyBytes(keys.encryptionKey, 'encryption');
    if (this.hmacKey.length < 16) throw new Error('PII hmac key must be at least 16 bytes');
    if (this.encKey.length !== 32) throw new Error('PII encryption key must be exactly 32 bytes (AES-256)');
  }

  /** HMAC-SHA256 (hex) of the normalized ID: equal IDs give equal hashes, nothing else can be learned. */
  hash(value: string): string {
    return createHmac('sha256', this.hmacKey).update(normalizeNationalId(value)).digest('hex');
  }

  private fpKey: Buffer | null = null;
  /** IVs drawn from the CSPRNG 1,024 at a time (each used once): a bulk import seals a million IDs. */
  private ivPool: Buffer = Buffer.alloc(0);
  private ivAt = 0;

  /**
   * A keyed fingerprint (128-bit HMAC, hex) of any text: the BECS import stores it per row to skip unchanged rows
   * without keeping their content in clear (the content includes the national ID). Its own derived key.
   */
  fingerprint(text: string): string {
    if (!this.fpKey) this.fpKey = createHmac('sha256', this.hmacKey).update('donorline/becs-fingerprint/v1').digest();
    return createHmac('sha256', this.fpKey).update(text).digest('hex').slice(0, 32);
  }

  /** 'v1.' + base64(iv ‖ tag ‖ ciphertext). */
  encrypt(plain: string): string {
    if (this.ivAt + 12 > this.ivPool.length) {
      this.ivPool = randomBytes(12 * 1024);
      this.ivAt = 0;
    }
    const iv = this.ivPool.subarray(this.ivAt, (this.ivAt += 12));
    const c = createCipheriv('aes-256-gcm', this.encKey, iv);
    const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return 'v1.' + Buffer.concat([iv, c.getAuthTag(), ct]).toString('base64');
  }

  decrypt(sealed: string): string {
    if (!sealed.startsWith('v1.')) throw new Error('unknown ciphertext version');
    const raw = Buffer.from(sealed.slice(3), 'base64');
    const d = createDecipheriv('aes-256-gcm', this.encKey, raw.subarray(0, 12));
    d.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8');
  }

  /** Validates (GB 11643 checksum) and derives every stored form of a national ID (`hash`: this.hash(raw), when the caller has it already). */
  protectNationalId(raw: string, hash?: string): ProtectedNationalId {
    const id = normalizeNationalId(raw);
    if (!isValidNationalId(id)) throw new DomainError('INVALID_NATIONAL_ID', '身份证号码无效 / invalid national ID number');
    return { hash: hash ?? this.hash(id), last4: nationalIdLast4(id), masked: maskNationalId(id), cipher: this.encrypt(id) };
  }
}

/**
 * For a process that holds no PII key (the IVR: it matches the stored last four and never reads or writes a national
 * ID): every use of a key fails (DomainError INTERNAL, details.reason 'pii-key-unavailable') instead of hashing or
 * sealing data with a wrong key.
 */
export class KeylessPiiCipher extends PiiCipher {
  constructor() {
    super({ hmacKey: randomBytes(32), encryptionKey: randomBytes(32) });
  }

  override hash(): string {
    return keyless();
  }

  override encrypt(): string {
    return keyless();
  }

  override fingerprint(): string {
    return keyless();
  }

  override decrypt(): string {
    return keyless();
  }
}

function keyless(): never {
  throw new DomainError('INTERNAL', '本服务不持有身份证号密钥 / this process holds no PII key', { reason: 'pii-key-unavailable' });
}
