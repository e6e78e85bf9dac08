import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsentChoice } from '../../protocol/eligibility/ClientMessage.ts';
import { RevocationLists, type RevocationListError } from '../../server/card/RevocationLists.ts';
import { createJpkiTestCa, loadJpkiTestCa } from '../../sim/ca/JpkiTestCa.ts';
import { startRevocationRepository, type RevocationRepository } from '../../sim/ca/RevocationRepository.ts';
import { derInteger } from '../../sim/ca/JpkiRevocationLists.ts';
import { crlDistributionPointName } from '../../sim/ca/jpkiCertificateProfile.ts';
import { listCardProfiles, loadCardProfile } from '../../sim/cardProfile/loadCardProfile.ts';
import { romanisedPlaceOf } from '../../sim/cardProfile/romanisedPlace.ts';
import { presentCard } from '../harness/presentCard.ts';
import { startTestService, type TestService } from '../harness/startTestService.ts';

const CONSENT: ConsentChoice = { pharmacy: true, diagnosis: true, operation: true, checkups: true, limitApplication: true };
const profiles = listCardProfiles().map((n) => loadCardProfile(n).profile);
const yamada = loadCardProfile('yamada-taro').profile;

/**
 * Revocation as a verifier checks it: the simulated CA publishes CRLs on loopback, the service downloads
 * them and refuses a certificate they list — yamada-taro's here, which the service's revocation table
 * does not hold, so only the CRL can refuse it.
 */
describe('the service decides revocation by the CA’s published CRLs', () => {
  let repository: RevocationRepository;
  let service: TestService;
  const confirm = async (name: string) => {
    const presented = await presentCard(name);
    return service.terminal(0).confirmWithCard({ certificate: presented.certificate, sign: (c) => presented.sign(c), attest: service.attest(0), identityMethod: 'pin', consent: CONSENT });
  };

  beforeAll(async () => {
    const place = romanisedPlaceOf(yamada.holder.address, yamada.card.municipalityCode);
    repository = await startRevocationRepository({
      ca: await loadJpkiTestCa(),
      profiles,
      extra: [{ kind: 'auth', serial: yamada.authCertificate.serial, distributionPoint: crlDistributionPointName('auth', place), revokedAt: new Date('2026-01-05T09:00:00+09:00'), reason: x509.X509CrlReason.keyCompromise }],
    });
    service = await startTestService({ crlRepositoryUrl: repository.url });
  });
  afterAll(async () => {
    await service?.dispose();
    await repository?.close();
  });

  it('publishes one CRL per distribution point the certificates name, each naming its partition', async () => {
    const index = (await (await fetch(`${repository.url}/jpki/crls`)).json()) as { lists: Array<{ distributionPoint: string; url: string }> };
    expect(index.lists.some((l) => l.distributionPoint === 'CN=Chiyoda-ku CRLDP,OU=Tokyo-to,OU=CRL Distribution Points,OU=JPKI for user authentication,O=JPKI-TEST,C=JP')).toBe(true);
    const response = await fetch(index.lists[0]!.url);
    expect(response.headers.get('content-type')).toBe('application/pkix-crl');
    const crl = new x509.X509Crl(new Uint8Array(await response.arrayBuffer()));
    expect(crl.issuer).toMatch(/^C=JP, O=JPKI-TEST, OU=JPKI for (user authentication|digital signature)/);
    expect(crl.getExtension('2.5.29.28')?.critical).toBe(true);
  });

  it('refuses yamada-taro with E01 once the CRL lists his certificate, though the card still signs', async () => {
    const result = await confirm('yamada-taro');
    expect(result.MessageBody).toMatchObject({ ProcessingResultStatus: '2', ProcessingResultCode: 'E01' });
    expect(result.assessment.certificateStanding).toBe('revoked');
  });

  it('refuses the revoked profile through its CRL, and confirms a card no list names', async () => {
    expect((await confirm('revoked')).MessageBody.ProcessingResultCode).toBe('E01');
    const sato = await confirm('sato-hanako');
    expect(sato.MessageBody.ProcessingResultStatus).toBe('1');
  });

  it('refuses to use a CRL that names the trusted CA but is signed by another key', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'other-ca-')), 'ca.json');
    await createJpkiTestCa(file);
    const forged = await startRevocationRepository({ ca: await loadJpkiTestCa(file), profiles });
    try {
      const lists = new RevocationLists(forged.url, service.trustedCas);
      const error = (await lists.refresh(new Date()).catch((e: unknown) => e)) as RevocationListError;
      expect(error.code).toBe('CRL_NOT_TRUSTED');
      expect(lists.isRevoked(loadCardProfile('revoked').profile.authCertificate.serial)).toBe(false);
    } finally {
      await forged.close();
    }
  });

  it('says the repository is unreachable, by URL, when nothing answers there', async () => {
    const error = (await new RevocationLists('http://127.0.0.1:9', service.trustedCas).refresh(new Date()).catch((e: unknown) => e)) as RevocationListError;
    expect(error.code).toBe('REPOSITORY_UNREACHABLE');
    expect(error.message).toContain('http://127.0.0.1:9/jpki/crls');
  });
});

describe('derInteger (the CRL number)', () => {
  it('writes minimal DER: no leading zero byte before a low high bit, one before a high bit', () => {
    expect(Buffer.from(derInteger(0x4fc6)).toString('hex')).toBe('02024fc6');
    expect(Buffer.from(derInteger(0x80)).toString('hex')).toBe('02020080');
    expect(Buffer.from(derInteger(0)).toString('hex')).toBe('020100');
  });
});
