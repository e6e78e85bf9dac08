// @peculiar/x509 2.x resolves its services through tsyringe, which needs the Reflect metadata polyfill.
import 'reflect-metadata';
import { X509Certificate } from '@peculiar/x509';
import type { CardChannel } from '../card/CardChannel.ts';
import { CardError } from '../card/CardError.ts';
import { EF } from './cardFiles.ts';
import { readTlvFile } from './readBinary.ts';
import { selectApplication, selectFile } from './selectFile.ts';

export type CertificateKind = 'auth' | 'authCa' | 'sign' | 'signCa';

const CERTIFICATE_EF: Record<CertificateKind, number> = {
  auth: EF.jpki.authCertificate,
  authCa: EF.jpki.authCaCertificate,
  sign: EF.jpki.signCertificate,
  signCa: EF.jpki.signCaCertificate,
};

export interface CardCertificate {
  der: Uint8Array;
  certificate: X509Certificate;
}

/** Parse DER that the card handed out; anything that is not one X.509 certificate is MALFORMED_RESPONSE. */
export function parseCardCertificate(der: Uint8Array, what: string): CardCertificate {
  if (der[0] !== 0x30) throw new CardError('MALFORMED_RESPONSE', `${what}: not a DER SEQUENCE.`);
  try {
    return { der, certificate: new X509Certificate(Uint8Array.from(der)) };
  } catch (cause) {
    throw new CardError('MALFORMED_RESPONSE', `${what}: not a valid X.509 certificate.`, { cause });
  }
}

/** Read one of the four JPKI certificates. The sign certificate needs the sign password verified first (6982 otherwise). */
export async function readCertificate(channel: CardChannel, kind: CertificateKind): Promise<CardCertificate> {
  const what = `${kind} certificate`;
  await selectApplication(channel, 'jpki');
  await selectFile(channel, CERTIFICATE_EF[kind]);
  return parseCardCertificate(await readTlvFile(channel, what), what);
}

/** The 利用者証明用電子証明書, which the eligibility service links to the person by its serial. */
export function readAuthCertificate(channel: CardChannel): Promise<CardCertificate> {
  return readCertificate(channel, 'auth');
}

export function readAuthCaCertificate(channel: CardChannel): Promise<CardCertificate> {
  return readCertificate(channel, 'authCa');
}
