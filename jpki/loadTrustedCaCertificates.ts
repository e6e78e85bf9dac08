import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { CodedError } from '../foundation/CodedError.ts';

export class TrustConfigError extends CodedError<'CA_FILE_UNREADABLE' | 'CA_FILE_INVALID' | 'NOT_A_CA'> {
  override readonly name = 'TrustConfigError';
}

/**
 * The 利用者証明用 CA certificates a verifier trusts, from PEM (or DER) files: the simulated JPKI test CA
 * by default, and whatever the operator adds (the real J-LIS CA certificates, a second test CA). Only
 * certificates are read; a verifier never needs a CA's private key. A file may hold several PEM blocks.
 */
export function loadTrustedCaCertificates(files: readonly string[]): X509Certificate[] {
  const out: X509Certificate[] = [];
  for (const file of files) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (cause) {
      throw new TrustConfigError('CA_FILE_UNREADABLE', `Cannot read the trusted CA file ${file}: ${(cause as Error).message}`, { cause });
    }
    const text = bytes.toString('latin1');
    const blocks = text.includes('-----BEGIN CERTIFICATE-----') ? (text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []) : [bytes];
    for (const block of blocks) {
      let certificate: X509Certificate;
      try {
        certificate = new X509Certificate(block);
      } catch (cause) {
        throw new TrustConfigError('CA_FILE_INVALID', `${file} holds something that is not an X.509 certificate (PEM or DER).`, { cause });
      }
      if (!certificate.ca) throw new TrustConfigError('NOT_A_CA', `${file}: ${certificate.subject.replaceAll('\n', ', ')} is not a CA certificate (basicConstraints CA:FALSE).`);
      out.push(certificate);
    }
  }
  return out;
}
