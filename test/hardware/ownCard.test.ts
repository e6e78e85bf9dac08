import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PATIENT_TEXT } from '../../kiosk/ui/src/patient/patientText.ts';
import { createJpkiTestCa, JPKI_TEST_AUTH_CA_CERTIFICATE_FILE, loadJpkiTestCa } from '../../sim/ca/JpkiTestCa.ts';
import { createSimCard } from '../../sim/card/createSimCard.ts';
import { CardProfileSchema } from '../../sim/cardProfile/CardProfile.ts';
import { loadCardProfile } from '../../sim/cardProfile/loadCardProfile.ts';
import { VpcdBridge } from '../../sim/vpcd/VpcdBridge.ts';
import { launchChromium } from '../browser/browserKiosk.ts';
import { startKioskProcess, type KioskProcess } from '../harness/kioskProcess.ts';
import { VPCD_READER } from '../harness/pcscCardHarness.ts';

/**
 * "Your own card": a card whose certificate comes from a CA the simulator does not know (a second,
 * independent CA standing in for J-LIS's) checks in once its CA is trusted (--trust-ca) and its
 * certificate is linked to a seed person (`server person link`), end to end through pcscd.
 */
const execFileAsync = promisify(execFile);
const ja = PATIENT_TEXT.ja;
const OWN_SERIAL = '0A1B2C3D4E5F6071';
const dir = mkdtempSync(join(tmpdir(), 'own-card-'));
let browser: Browser;
let kiosk: KioskProcess;
let patient: Page;
const bridge = new VpcdBridge({ port: 35963 });

/** The CLI as a person runs it; asynchronously, because the virtual card answers pcscd from this very process. */
async function cli(...args: string[]): Promise<string> {
  const { stdout } = await execFileAsync(process.execPath, ['--import', 'tsx', 'app/cli/main.ts', ...args], { encoding: 'utf8', timeout: 60_000 });
  return stdout;
}

async function waitForStep(step: string, timeoutMs = 15_000): Promise<void> {
  await patient.waitForFunction((s) => (document.querySelector('.kiosk')?.getAttribute('data-step') ?? '').startsWith(s), step, { timeout: timeoutMs });
}

beforeAll(async () => {
  // The other CA: its own keys and certificate, never seen by the simulated JPKI test CA.
  await createJpkiTestCa(join(dir, 'other-ca.json'));
  const otherCa = await loadJpkiTestCa(join(dir, 'other-ca.json'));
  writeFileSync(join(dir, 'other-ca.pem'), otherCa.auth.certificate.toString('pem'));
  const base = loadCardProfile('yamada-taro');
  const profile = CardProfileSchema.parse({ ...base.profile, description: 'a card of the developer’s own', authCertificate: { ...base.profile.authCertificate, serial: OWN_SERIAL } });
  const card = await createSimCard(profile, base.photo, { ca: otherCa });
  browser = await launchChromium();
  kiosk = await startKioskProcess(['--reader', 'pcsc', '--reader-name', VPCD_READER, '--trust-ca', JPKI_TEST_AUTH_CA_CERTIFICATE_FILE, '--trust-ca', join(dir, 'other-ca.pem')]);
  patient = await browser.newPage({ viewport: { width: 1024, height: 768 }, locale: 'ja-JP' });
  await patient.goto(`${kiosk.screensUrl}/`);
  await waitForStep('standby', 30_000);
  await bridge.insert(card.card);
}, 90_000);

afterAll(async () => {
  await bridge.remove();
  await browser?.close();
  await kiosk?.stop();
});

describe('your own card, through pcscd', () => {
  it('exports the card’s certificate from the reader, links it to a seed person, and checks in as that person (有効)', async () => {
    await waitForStep('choosingMethod');
    const read = JSON.parse(await cli('card', 'read', '--reader', 'pcsc', '--name', VPCD_READER, '--export-certificate', join(dir, 'own.pem'))) as { authCertificate: { serial: string; issuer: string } };
    expect(read.authCertificate.serial).toBe(OWN_SERIAL);
    expect(readFileSync(join(dir, 'own.pem'), 'utf8')).toMatch(/^-----BEGIN CERTIFICATE-----/);
    const linked = await cli('server', 'person', 'link', '--db', join(kiosk.dataDir, 'eligibility.sqlite'), '--person', 'P-sato-hanako', '--certificate', join(dir, 'own.pem'));
    expect(linked).toContain(`linked certificate ${OWN_SERIAL}`);
    expect(linked).toContain('P-sato-hanako');

    await patient.getByRole('button', { name: ja.pin, exact: false }).first().click();
    await waitForStep('enteringPin');
    for (const d of '1234') await patient.getByRole('button', { name: d, exact: true }).click();
    await patient.getByRole('button', { name: ja.ok }).click();
    await waitForStep('askingConsent');
    await patient.getByRole('button', { name: ja.skipAll }).click();
    await waitForStep('showingResult');
    // P-sato-hanako's qualification (server/seed/population.json), not yamada-taro's whose card it was built from.
    await expect.poll(() => patient.locator('.kiosk-main').innerText()).toContain('梅田商事健康保険組合');
    expect(await cli('server', 'person', 'links', '--db', join(kiosk.dataDir, 'eligibility.sqlite'))).toContain(`${OWN_SERIAL}  P-sato-hanako`);
  });
});
