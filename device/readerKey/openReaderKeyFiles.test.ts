import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPairSync, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openReaderKeyFiles } from './openReaderKeyFiles.ts';
import { ReaderKeyError } from './ReaderKeyError.ts';
import { certifiedReader } from '../../test/harness/certifiedReader.ts';

const files = () => {
  const dir = mkdtempSync(join(tmpdir(), 'reader-key-'));
  return { keyFile: join(dir, 'reader-key.pem'), certificateFile: join(dir, 'reader-certificate.pem'), name: 'test kiosk' };
};

describe('the reader key in the kiosk’s data directory', () => {
  it('is made on first use with mode 0600 and the same key is used afterwards', () => {
    const f = files();
    const first = openReaderKeyFiles(f);
    expect(statSync(f.keyFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(f.keyFile, 'utf8')).toContain('BEGIN PRIVATE KEY');
    expect(openReaderKeyFiles(f).fingerprint).toBe(first.fingerprint);
    expect(first.cardCredential).toBeNull();
  });

  it('signs attestations that verify with the registered public key, and never shows the private key', async () => {
    const identity = openReaderKeyFiles(files());
    const payload = new TextEncoder().encode('attested');
    const signature = await identity.signAttestation(payload);
    expect(verify('sha256', payload, { key: Buffer.from(identity.publicKeySpki), format: 'der', type: 'spki' }, signature)).toBe(true);
    const shown = JSON.stringify(identity) + String(Object.values(identity));
    expect(shown).not.toContain('PRIVATE');
    expect(JSON.parse(JSON.stringify(identity))).toEqual({ name: 'test kiosk', fingerprint: identity.fingerprint, certified: false });
  });

  it('refuses a key file others can read, and says how to fix it', () => {
    const f = files();
    openReaderKeyFiles(f);
    chmodSync(f.keyFile, 0o644);
    const error = (() => {
      try {
        openReaderKeyFiles(f);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ReaderKeyError);
    expect((error as ReaderKeyError).code).toBe('KEY_FILE_TOO_OPEN');
    expect((error as Error).message).toContain(`chmod 600 ${f.keyFile}`);
  });

  it('refuses a certificate for another key (CERTIFICATE_MISMATCH) and a key file that is not a key', async () => {
    const f = files();
    openReaderKeyFiles(f);
    const other = await certifiedReader('another reader');
    writeFileSync(f.certificateFile, other.credential.certificate);
    expect(() => openReaderKeyFiles(f)).toThrow(expect.objectContaining({ code: 'CERTIFICATE_MISMATCH' }));
    const g = files();
    writeFileSync(g.keyFile, 'not a key', { mode: 0o600 });
    expect(() => openReaderKeyFiles(g)).toThrow(expect.objectContaining({ code: 'KEY_UNREADABLE' }));
    const h = files();
    writeFileSync(h.keyFile, generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    expect(() => openReaderKeyFiles(h)).toThrow(expect.objectContaining({ code: 'KEY_UNREADABLE' }));
  });
});
