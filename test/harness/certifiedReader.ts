import 'reflect-metadata';
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { ReaderCredential } from '../../device/mynacard/readerAuthentication.ts';
import type { ReaderIdentity } from '../../device/kiosk/ReaderIdentity.ts';
import { readerIdentityOf } from '../../device/readerKey/readerIdentity.ts';
import { certifyReader, loadSimReaderAuthority, type SimReaderAuthority } from '../../sim/ca/SimReaderAuthority.ts';

/** A 顔認証付きカードリーダー's key pair with its certificate: what a kiosk holds to authenticate to cards. */
export interface CertifiedReader {
  credential: ReaderCredential;
  privateKey: KeyObject;
  /** SPKI DER of the reader's public key. */
  publicKeySpki: Uint8Array;
}

export function credentialOf(privateKey: KeyObject, certificate: Uint8Array): ReaderCredential {
  return { certificate, signForCard: async (message) => new Uint8Array(sign('sha256', message, { key: privateKey, dsaEncoding: 'ieee-p1363' })) };
}

/** A fresh reader of its own (key and certificate), as a kiosk's devices carry it. */
export async function freshReaderIdentity(name = 'fresh test reader'): Promise<ReaderIdentity> {
  const reader = await certifiedReader(name);
  return readerIdentityOf(reader.privateKey, reader.credential.certificate, name);
}

/** A fresh reader key, certified by the simulator's reader authority (or `authority`). */
export async function certifiedReader(name = 'test reader', authority?: SimReaderAuthority): Promise<CertifiedReader> {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const publicKeySpki = new Uint8Array(publicKey.export({ type: 'spki', format: 'der' }));
  const certificate = await certifyReader(authority ?? (await loadSimReaderAuthority()), { publicKeySpki, name });
  return { credential: credentialOf(privateKey, certificate), privateKey, publicKeySpki };
}
