import { createHash, createPrivateKey, createPublicKey, sign, X509Certificate, type KeyObject } from 'node:crypto';
import type { ReaderIdentity } from '../kiosk/ReaderIdentity.ts';
import { ReaderKeyError } from './ReaderKeyError.ts';

/**
 * A ReaderIdentity over a private key held in memory. The key is captured in closures only: the object
 * has no property that holds it, so it cannot end up in a log line, a trace or a JSON frame by accident.
 */
export function readerIdentityOf(privateKey: KeyObject, certificate: Uint8Array | null, name: string): ReaderIdentity {
  if (privateKey.asymmetricKeyType !== 'ec' || privateKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new ReaderKeyError('KEY_UNREADABLE', 'The reader key must be an ECDSA P-256 private key.');
  }
  const publicKeySpki = new Uint8Array(createPublicKey(privateKey).export({ type: 'spki', format: 'der' }));
  if (certificate) {
    let certified: Buffer;
    try {
      certified = new X509Certificate(certificate).publicKey.export({ type: 'spki', format: 'der' });
    } catch (cause) {
      throw new ReaderKeyError('CERTIFICATE_UNREADABLE', 'The reader certificate is not an X.509 certificate.', { cause });
    }
    if (!certified.equals(publicKeySpki)) throw new ReaderKeyError('CERTIFICATE_MISMATCH', 'The reader certificate certifies another key: certify this reader key again (`npm run kiosk -- reader certify`).');
  }
  const fingerprint = createHash('sha256').update(publicKeySpki).digest('hex');
  const identity: ReaderIdentity = {
    name,
    publicKeySpki,
    fingerprint,
    cardCredential: certificate ? { certificate, signForCard: async (message) => new Uint8Array(sign('sha256', message, { key: privateKey, dsaEncoding: 'ieee-p1363' })) } : null,
    signAttestation: async (payload) => new Uint8Array(sign('sha256', payload, { key: privateKey, dsaEncoding: 'der' })),
  };
  Object.defineProperty(identity, 'toJSON', { value: () => ({ name, fingerprint, certified: certificate !== null }) });
  return identity;
}

/** A private key from PKCS#8 PEM, with a typed error when it is not one. */
export function parseReaderKey(pem: string): KeyObject {
  try {
    return createPrivateKey(pem);
  } catch (cause) {
    throw new ReaderKeyError('KEY_UNREADABLE', 'The reader key file is not a PKCS#8 PEM private key.', { cause });
  }
}
