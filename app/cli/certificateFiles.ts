import { X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { normalizeSerial } from '../../jpki/certificateSerial.ts';
import { UsageError } from './UsageError.ts';

/** A certificate file as `card read --export-certificate` writes it (PEM), or DER. */
export function readCertificateFile(file: string): { der: Uint8Array; serial: string; subject: string } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (cause) {
    throw new UsageError('BAD_OPTION', `Cannot read the certificate file ${file}: ${(cause as Error).message}`, { cause });
  }
  try {
    const certificate = new X509Certificate(bytes);
    return { der: new Uint8Array(certificate.raw), serial: normalizeSerial(certificate.serialNumber), subject: certificate.subject.replaceAll('\n', ', ') };
  } catch (cause) {
    throw new UsageError('BAD_OPTION', `${file} is not an X.509 certificate (PEM or DER).`, { cause });
  }
}

/** Write a certificate as PEM (what openssl, the service's --trust-ca and `person link` read). */
export function writeCertificatePem(file: string, der: Uint8Array): void {
  const b64 = Buffer.from(der).toString('base64');
  writeFileSync(file, `-----BEGIN CERTIFICATE-----\n${b64.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`);
}
