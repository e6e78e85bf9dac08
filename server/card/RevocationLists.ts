// @peculiar/x509 2.x resolves its services through tsyringe, which needs the Reflect metadata polyfill.
import 'reflect-metadata';
import { webcrypto, type X509Certificate } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { CodedError } from '../../foundation/CodedError.ts';
import { normalizeSerial } from '../../jpki/certificateSerial.ts';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export class RevocationListError extends CodedError<'REPOSITORY_UNREACHABLE' | 'BAD_INDEX' | 'BAD_CRL' | 'CRL_NOT_TRUSTED' | 'CRL_OUT_OF_DATE'> {
  override readonly name = 'RevocationListError';
}

interface LoadedList {
  distributionPoint: string;
  issuer: string;
  nextUpdate: Date;
  serials: Set<string>;
}

/**
 * The JPKI revocation lists as a registered verifier holds them: downloaded from the CA's repository (its
 * index, then one CRL per distribution point), each CRL's signature checked against a trusted CA, kept
 * until its nextUpdate. Lists signed by a CA this service does not trust (the 署名用 CA's) are skipped:
 * the service only checks 利用者証明用 certificates. A confirmation asks `isRevoked`, which never waits on
 * the network; `refresh` runs at start and then on a timer (startCentralSystem).
 */
export class RevocationLists {
  private lists: LoadedList[] = [];
  private loadedAt: Date | null = null;

  constructor(
    private readonly repositoryUrl: string,
    private readonly trustedCas: readonly X509Certificate[],
  ) {}

  /** Download every list again; on any failure the lists already held stay (and the error says why). */
  async refresh(now: Date): Promise<{ lists: number; revoked: number }> {
    const index = await this.get(`${this.repositoryUrl.replace(/\/$/, '')}/jpki/crls`);
    let entries: Array<{ distributionPoint: string; url: string }>;
    try {
      const parsed = JSON.parse(Buffer.from(index).toString('utf8')) as { lists?: unknown };
      if (!Array.isArray(parsed.lists)) throw new Error('no "lists" array');
      entries = parsed.lists.map((l: { distributionPoint?: unknown; url?: unknown }) => {
        if (typeof l.distributionPoint !== 'string' || typeof l.url !== 'string') throw new Error('an entry without distributionPoint/url');
        return { distributionPoint: l.distributionPoint, url: l.url };
      });
    } catch (cause) {
      throw new RevocationListError('BAD_INDEX', `The CRL repository's index at ${this.repositoryUrl}/jpki/crls is not the expected JSON.`, { cause });
    }
    const lists: LoadedList[] = [];
    for (const entry of entries) {
      const loaded = await this.load(entry.distributionPoint, await this.get(entry.url), now);
      if (loaded) lists.push(loaded);
    }
    this.lists = lists;
    this.loadedAt = now;
    return { lists: lists.length, revoked: lists.reduce((n, l) => n + l.serials.size, 0) };
  }

  /** On a current list of a trusted CA. */
  isRevoked(serial: string): boolean {
    const s = normalizeSerial(serial);
    return this.lists.some((l) => l.serials.has(s));
  }

  /** How many lists are held, and whether one is past its nextUpdate (the repository could not be reached since). */
  status(now: Date): { lists: number; loadedAt: Date | null; outOfDate: boolean } {
    return { lists: this.lists.length, loadedAt: this.loadedAt, outOfDate: this.lists.some((l) => l.nextUpdate < now) };
  }

  private async get(url: string): Promise<Uint8Array> {
    let response: Response;
    try {
      response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    } catch (cause) {
      throw new RevocationListError('REPOSITORY_UNREACHABLE', `Cannot reach the CRL repository at ${url}: ${(cause as Error).message}`, { cause });
    }
    if (!response.ok) throw new RevocationListError('REPOSITORY_UNREACHABLE', `The CRL repository answered ${response.status} for ${url}.`);
    return new Uint8Array(await response.arrayBuffer());
  }

  private async load(distributionPoint: string, der: Uint8Array, now: Date): Promise<LoadedList | null> {
    let crl: x509.X509Crl;
    try {
      crl = new x509.X509Crl(Uint8Array.from(der));
    } catch (cause) {
      throw new RevocationListError('BAD_CRL', `The CRL for ${distributionPoint} is not a DER CRL.`, { cause });
    }
    const issuerCa = this.trustedCas.find((ca) => ca.subject.replaceAll('\n', ', ') === crl.issuer);
    if (!issuerCa) return null;
    const verified = await crl.verify({ publicKey: new x509.X509Certificate(Uint8Array.from(issuerCa.raw)) });
    if (!verified) throw new RevocationListError('CRL_NOT_TRUSTED', `The CRL for ${distributionPoint} names ${crl.issuer} but its signature does not verify with that CA's key.`);
    const nextUpdate = crl.nextUpdate;
    if (!nextUpdate || nextUpdate < now) throw new RevocationListError('CRL_OUT_OF_DATE', `The CRL for ${distributionPoint} was due again at ${nextUpdate?.toISOString() ?? '(no nextUpdate)'}.`);
    return { distributionPoint, issuer: crl.issuer, nextUpdate, serials: new Set(crl.entries.map((e) => normalizeSerial(e.serialNumber))) };
  }
}
