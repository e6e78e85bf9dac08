import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { X509Certificate } from '@peculiar/x509';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createPcscCardHarness, VPCD_READER } from '../harness/pcscCardHarness.ts';
import type { CardHarness } from '../harness/CardHarness.ts';

const run = promisify(execFile);

async function tool(command: string, args: string[]): Promise<string> {
  try {
    const { stdout, stderr } = await run(command, args, { timeout: 30_000 });
    return stdout + stderr;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(`${command} is not installed: run \`bash scripts/setup\` (apt-get install -y opensc).`);
    }
    const e = error as { stdout?: string; stderr?: string };
    return `${e.stdout ?? ''}${e.stderr ?? ''}`;
  }
}

/** OpenSC numbers readers by enumeration order, which is not stable: find ours by name. */
async function readerIndex(): Promise<string> {
  const listing = await tool('opensc-tool', ['-l']);
  const line = listing.split('\n').find((l) => l.includes(VPCD_READER));
  if (!line) throw new Error(`opensc-tool does not list ${VPCD_READER}:\n${listing}`);
  return line.trim().split(/\s+/)[0]!;
}

/** The status words of each `Received (SW1=0x63, SW2=0xC2)` line. */
function statusWords(output: string): string[] {
  return [...output.matchAll(/SW1=0x([0-9A-F]{2}), SW2=0x([0-9A-F]{2})/gi)].map((m) => `${m[1]}${m[2]}`.toUpperCase());
}

const SELECT_JPKI = '00:A4:04:0C:0A:D3:92:F0:00:26:01:00:00:00:01';
const SELECT_AUTH_PIN = '00:A4:02:0C:02:00:18';
const QUERY = '00:20:00:80';
const verifyApdu = (pin: string) => `00:20:00:80:${pin.length.toString(16).padStart(2, '0')}:${Buffer.from(pin).toString('hex').match(/../g)!.join(':')}`;

describe('outside conformance: OpenSC through the real pcscd sees a JPKI card', () => {
  let harness: CardHarness;
  let reader: string;
  beforeAll(async () => {
    harness = await createPcscCardHarness();
  });
  afterEach(async () => harness.remove());
  afterAll(async () => harness.close());

  for (const profile of ['yamada-taro', 'sato-hanako']) {
    it(`opensc-tool recognises the virtual card as a JPKI card by the JPKI application, whatever its generation's ATR (${profile})`, async () => {
      const { channel, sim } = await harness.insert(profile);
      await channel.close();
      reader = await readerIndex();
      expect((await tool('opensc-tool', ['-r', reader, '-n'])).trim()).toBe('jpki');
      expect(await tool('opensc-tool', ['-r', reader, '-a'])).toContain(Buffer.from(sim.card.atr).toString('hex').match(/../g)!.join(':'));
    });
  }

  it('pkcs15-tool lists the four certificates and both PINs with their tries', async () => {
    const { channel } = await harness.insert('yamada-taro');
    await channel.close();
    reader = await readerIndex();
    const certs = await tool('pkcs15-tool', ['-r', reader, '-c']);
    for (const label of ['User Authentication Certificate', 'Digital Signature Certificate', 'User Authentication Certificate CA', 'Digital Signature Certificate CA']) {
      expect(certs).toContain(`[${label}]`);
    }
    const pins = await tool('pkcs15-tool', ['-r', reader, '--list-pins']);
    expect(pins).toContain('User Authentication PIN');
    expect(pins).toContain('Digital Signature PIN');
    expect([...pins.matchAll(/Tries left\s*:\s*(\d+)/g)].map((m) => m[1])).toEqual(['3', '5']);
  });

  it('pkcs15-tool reads the 利用者証明用 certificate byte-identical to the one the profile card carries', async () => {
    const { channel, sim } = await harness.insert('yamada-taro');
    await channel.close();
    reader = await readerIndex();
    const pem = await tool('pkcs15-tool', ['-r', reader, '--read-certificate', '1']);
    const der = new Uint8Array(new X509Certificate(pem.slice(pem.indexOf('-----BEGIN CERTIFICATE-----'))).rawData);
    expect(Buffer.from(der).equals(Buffer.from(sim.authCertificate))).toBe(true);
  });

  it('the wrong-PIN sequence gives 63C2, 63C1, 63C0, then 6984, and the empty VERIFY reports the tries left', async () => {
    const { channel } = await harness.insert('sato-hanako');
    await channel.close();
    reader = await readerIndex();
    const args = ['-r', reader, '-c', 'default', '-s', SELECT_JPKI, '-s', SELECT_AUTH_PIN, '-s', QUERY];
    for (const pin of ['0000', '0001', '0002']) args.push('-s', verifyApdu(pin), '-s', QUERY);
    args.push('-s', verifyApdu('5678'), '-s', QUERY);
    const sws = statusWords(await tool('opensc-tool', args));
    expect(sws).toEqual(['9000', '9000', '63C3', '63C2', '63C2', '63C1', '63C1', '63C0', '63C0', '6984', '63C0']);
  });

  it('pkcs11-tool signs with the 利用者証明用 key after login, and openssl verifies the signature with the certificate', async () => {
    const { channel, sim, loaded } = await harness.insert('yamada-taro');
    await channel.close();
    const dir = mkdtempSync(join(tmpdir(), 'myna-sign-'));
    writeFileSync(join(dir, 'data'), 'check-in challenge');
    writeFileSync(join(dir, 'cert.der'), sim.authCertificate);
    const module = '/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so';
    const out = await tool('pkcs11-tool', ['--module', module, '--login', '--pin', loaded.profile.pins.auth!, '--sign', '--mechanism', 'SHA256-RSA-PKCS', '--id', '01', '-i', join(dir, 'data'), '-o', join(dir, 'sig')]);
    expect(out).not.toMatch(/error/i);
    expect(readFileSync(join(dir, 'sig')).length).toBe(256);
    await tool('openssl', ['x509', '-inform', 'der', '-in', join(dir, 'cert.der'), '-pubkey', '-noout', '-out', join(dir, 'pub.pem')]);
    expect(await tool('openssl', ['dgst', '-sha256', '-verify', join(dir, 'pub.pem'), '-signature', join(dir, 'sig'), join(dir, 'data')])).toContain('Verified OK');
  });
});
