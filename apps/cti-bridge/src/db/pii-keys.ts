/**
 * The keys protecting national IDs at rest, derived from the one secret the bridge is given (PII_KEY, 32 bytes;
 * generated once into the data dir for the embedded demo): HKDF-SHA256 into an HMAC key (exact-match search) and an
 * AES-256-GCM key (audited unmasking), each bound to its purpose, so neither can stand in for the other and the
 * master key itself never touches the data.
 *
 * `checkPiiKeys` proves the keys against stored data before anything is written: a wrong PII_KEY would make every
 * unmask fail and new national IDs unsearchable next to the old ones, so a production bridge refuses to start. The one
 * tolerated mismatch is the embedded demo database filled by `npm run seed`, which uses the domain's public
 * DEMO_PII_KEYS (the seed script has no PII_KEY): the bridge then keeps using those, with a warning — the data is
 * fake and the keys are public either way.
 */
import { hkdfSync } from 'node:crypto';
import { DEMO_PII_KEYS, PiiCipher, type DomainServices, type PiiKeys } from '@donorline/domain/node';

type DataSource = DomainServices['ds'];

const SALT = 'donorline/pii/v1';

export function derivePiiKeys(master: Buffer): PiiKeys {
  if (master.length < 32) throw new Error('PII master key must be at least 32 bytes');
  return {
    hmacKey: Buffer.from(hkdfSync('sha256', master, SALT, 'national-id hmac-sha256', 32)),
    encryptionKey: Buffer.from(hkdfSync('sha256', master, SALT, 'national-id aes-256-gcm', 32)),
  };
}

export type PiiKeyCheck = 'no-data' | 'match' | 'mismatch';

/** Tries the keys on a few stored national IDs: decrypts, and re-hashes to the stored HMAC. */
export async function checkPiiKeys(ds: DataSource, keys: PiiKeys, sample = 3): Promise<PiiKeyCheck> {
  const list = (await ds.query(
    `SELECT national_id_hash, national_id_cipher FROM donor WHERE national_id_cipher IS NOT NULL ORDER BY id LIMIT ${Math.max(1, Math.floor(sample))}`,
  )) as { national_id_hash: string; national_id_cipher: string }[];
  if (!list.length) return 'no-data';
  const cipher = new PiiCipher(keys);
  for (const r of list) {
    try {
      if (cipher.hash(cipher.decrypt(String(r.national_id_cipher))) !== String(r.national_id_hash)) return 'mismatch';
    } catch {
      return 'mismatch';
    }
  }
  return 'match';
}

export { DEMO_PII_KEYS };
