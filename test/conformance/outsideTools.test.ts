import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { derToPem, loadJpkiTestCa } from '../../sim/ca/JpkiTestCa.ts';
import { startRevocationRepository, type RevocationRepository } from '../../sim/ca/RevocationRepository.ts';
import { listCardProfiles, loadCardProfile } from '../../sim/cardProfile/loadCardProfile.ts';
import { createPcscCardHarness, VPCD_READER } from '../harness/pcscCardHarness.ts';
import type { CardHarness } from '../harness/CardHarness.ts';
import { cardWalkDigest, loadCardWalk, walkSubstitutions } from '../harness/cardWalk.ts';

const run = promisify(execFile);
const INSTALL: Record<string, string> = { pcsc_scan: 'pcsc-tools', python3: 'python3-pyscard', openssl: 'openssl', 'pkcs15-tool': 'opensc', '/usr/bin/python3': 'python3-pyscard' };

/** stdout and stderr of an outside tool, whatever its exit status; a missing tool fails with how to install it. */
async function tool(command: string, args: string[], timeout = 30_000, env?: NodeJS.ProcessEnv): Promise<string> {
  try {
    const { stdout, stderr } = await run(command, args, { timeout, maxBuffer: 8 << 20, ...(env ? { env } : {}) });
    return stdout + stderr;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`${command} is not installed: run \`bash scripts/setup\` (apt-get install -y ${INSTALL[command] ?? command}).`);
    const e = error as { stdout?: string; stderr?: string };
    return `${e.stdout ?? ''}${e.stderr ?? ''}`;
  }
}

const PKCS11_MODULE = '/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so';
const WALK_SCRIPT = fileURLToPath(new URL('./walkCard.py', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'myna-outside-'));
const file = (name: string, content: string | Uint8Array) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

/** The reader index OpenSC gives ours (enumeration order is not stable). */
async function openscReader(): Promise<string> {
  const listing = await tool('opensc-tool', ['-l']);
  const line = listing.split('\n').find((l) => l.includes(VPCD_READER));
  if (!line) throw new Error(`opensc-tool does not list ${VPCD_READER}:\n${listing}`);
  return line.trim().split(/\s+/)[0]!;
}

describe('outside tools through the real pcscd cannot tell the virtual card from a マイナンバーカード (issue 16)', () => {
  let harness: CardHarness;
  let repository: RevocationRepository;
  beforeAll(async () => {
    harness = await createPcscCardHarness();
    repository = await startRevocationRepository({ ca: await loadJpkiTestCa(), profiles: listCardProfiles().map((n) => loadCardProfile(n).profile) });
  });
  afterEach(async () => harness.remove());
  afterAll(async () => {
    await repository?.close();
    await harness?.close();
  });

  for (const [profile, name] of [
    ['yamada-taro', 'My Number Card'],
    ['sato-hanako', 'Japanese Individual Number Card'],
  ] as const) {
    it(`pcsc_scan names the ${loadCardProfile(profile).profile.card.generation} generation's card (${profile}) "${name}"`, async () => {
      const { channel } = await harness.insert(profile);
      await channel.close();
      // ATR_analysis prefers ~/.cache/smartcard_list.txt (an empty one is left by a failed download):
      // a fresh HOME makes it read Debian's list, /usr/share/pcsc/smartcard_list.txt, and nothing else.
      const out = await tool('pcsc_scan', ['-t', '3'], 30_000, { ...process.env, HOME: mkdtempSync(join(tmpdir(), 'pcsc-home-')) });
      const ours = out.slice(out.indexOf(VPCD_READER));
      expect(ours).toContain(name);
      expect(ours).not.toContain('JUKICARD');
    });
  }

  it(`pyscard walks every AP and EF of the table and gets a real card's status words, row by row (cardWalk.json)`, async () => {
    const { channel, sim, loaded } = await harness.insert('yamada-taro');
    await channel.close();
    const rows = loadCardWalk(walkSubstitutions(loaded.profile, sim));
    const walkFile = file('walk.json', JSON.stringify({ rows }));
    const out = await tool('/usr/bin/python3', [WALK_SCRIPT, walkFile, VPCD_READER], 60_000);
    let result: Record<string, string[]>;
    try {
      result = JSON.parse(out) as Record<string, string[]>;
    } catch {
      throw new Error(`walkCard.py did not answer JSON (is python3-pyscard installed? bash scripts/setup):\n${out}`);
    }
    expect(Object.keys(result)).toEqual(rows.map((r) => r.row));
    const problems = Object.entries(result).filter(([, p]) => p.length > 0);
    expect(problems, `walk ${cardWalkDigest()}`).toEqual([]);
  });

  it('openssl x509 -text shows the real profile fields on the certificates the card hands out', async () => {
    const { channel, sim, loaded } = await harness.insert('yamada-taro');
    await channel.close();
    const reader = await openscReader();
    const authPem = await tool('pkcs15-tool', ['-r', reader, '--read-certificate', '1']);
    const auth = await tool('openssl', ['x509', '-text', '-noout', '-nameopt', 'utf8,sep_comma_plus_space', '-in', file('auth.pem', authPem.slice(authPem.indexOf('-----BEGIN')))]);
    expect(auth).toMatch(/Subject: C=JP, CN=[0-9A-F]{8}[A-Z]{6}\d{8}[A-Z]\n/);
    expect(auth).toMatch(/Not After : .* 14:59:59 \d{4} GMT/);
    expect(auth).toContain('Policy: 1.2.392.200149.8.5.1.3.30');
    expect(auth).toContain('CPS: http://www.jpki.go.jp/cps.html');
    expect(auth).toMatch(/CRL Distribution Points: \n\s+Full Name:\n\s+DirName:C = JP, O = JPKI-TEST, OU = JPKI for user authentication, OU = CRL Distribution Points, OU = Tokyo-to, CN = Chiyoda-ku CRLDP/);

    // The 署名用 certificate: the card hands it out only after the signing password (6982 before it), so
    // it is read through PKCS#11 after a login to the signing token (the password is a shipped profile's test data).
    const signDer = join(dir, 'sign.der');
    const read = await tool('pkcs11-tool', ['--module', PKCS11_MODULE, '--token-label', 'JPKI (Digital Signature PIN)', '--login', '--pin', loaded.profile.pins.sign!, '--read-object', '--type', 'cert', '--id', '02', '-o', signDer]);
    expect(read).not.toMatch(/error/i);
    expect(readFileSync(signDer).equals(Buffer.from(sim.signCertificate!))).toBe(true);
    const sign = await tool('openssl', ['x509', '-text', '-noout', '-nameopt', 'utf8,sep_comma_plus_space', '-inform', 'der', '-in', signDer]);
    expect(sign).toContain('Subject: C=JP, L=Tokyo-to, L=Chiyoda-ku, CN=');
    expect(sign).toContain('Digital Signature, Non Repudiation');
    expect(sign).toContain('Policy: 1.2.392.200149.8.5.1.1.20');
    for (const [n, value] of [
      [1, loaded.profile.holder.name],
      [4, '319800217'],
      [3, '1'],
      [5, loaded.profile.holder.address],
    ] as const) {
      expect(sign).toContain(`othername: 1.2.392.200149.8.5.5.${n}::${value}`);
    }

    for (const id of ['3', '4']) {
      const caPem = await tool('pkcs15-tool', ['-r', reader, '--read-certificate', id]);
      const ca = await tool('openssl', ['x509', '-text', '-noout', '-nameopt', 'utf8,sep_comma_plus_space', '-in', file(`ca${id}.pem`, caPem.slice(caPem.indexOf('-----BEGIN')))]);
      expect(ca).toMatch(/Serial Number: \d+ \(0x[0-9a-f]{7,8}\)/);
      expect(ca).toContain('Subject Alternative Name: \n                DirName:');
      expect(ca).toMatch(/CRL Distribution Points: \n\s+Full Name:\n\s+DirName:C = JP, O = JPKI-TEST, OU = JPKI for (user authentication|digital signature), OU = Japan Agency for Local Authority Information Systems/);
      expect(ca).not.toContain('Authority Key Identifier');
    }
  });

  it('openssl verify -crl_check (and -crl_check_all with the CA’s ARL) with the published CRL accepts a valid card and refuses a revoked one', async () => {
    const ca = await loadJpkiTestCa();
    const caFile = file('auth-ca.pem', ca.auth.certificate.toString('pem'));
    const index = (await (await fetch(`${repository.url}/jpki/crls`)).json()) as { lists: Array<{ kind: string; scope: string; distributionPoint: string; url: string }> };
    // The ARL at the CA's own name, which the CA certificate names: for -crl_check_all.
    const arl = index.lists.find((l) => l.kind === 'auth' && l.scope === 'ca')!;
    const arlFile = file('auth.arl.pem', derToPem(new Uint8Array(await (await fetch(arl.url)).arrayBuffer()), 'X509 CRL'));
    const verdicts: Record<string, string> = {};
    for (const profile of ['yamada-taro', 'revoked']) {
      const { channel, sim } = await harness.insert(profile);
      await channel.close();
      const reader = await openscReader();
      const pem = await tool('pkcs15-tool', ['-r', reader, '--read-certificate', '1']);
      const certFile = file(`${profile}.pem`, pem.slice(pem.indexOf('-----BEGIN')));
      // The verifier maps the certificate's distribution point (a directoryName) to the repository.
      const text = await tool('openssl', ['x509', '-noout', '-ext', 'crlDistributionPoints', '-in', certFile]);
      const list = index.lists.find((l) => l.kind === 'auth' && l.scope === 'user' && text.includes(`CN = ${l.distributionPoint.split(',')[0]!.slice(3)}`));
      expect(list, `a CRL for ${profile}'s distribution point`).toBeDefined();
      const crlDer = new Uint8Array(await (await fetch(list!.url)).arrayBuffer());
      const crlFile = file(`${profile}.crl.pem`, derToPem(crlDer, 'X509 CRL'));
      const crlText = await tool('openssl', ['crl', '-in', crlFile, '-noout', '-text']);
      expect(crlText).toMatch(/X509v3 CRL Number: \n\s+\d+\n/);
      expect(crlText).toMatch(/Issuing Distribution Point: critical[\s\S]*CRLDP\s+Only User Certificates/);
      verdicts[profile] = await tool('openssl', ['verify', '-crl_check', '-CAfile', caFile, '-CRLfile', crlFile, certFile]);
      verdicts[`${profile} (chain)`] = await tool('openssl', ['verify', '-crl_check_all', '-CAfile', caFile, '-CRLfile', crlFile, '-CRLfile', arlFile, certFile]);
      expect(Buffer.from(sim.authCertificate).length).toBeGreaterThan(0);
      await harness.remove();
    }
    expect(verdicts['yamada-taro']).toMatch(/: OK\n/);
    expect(verdicts['yamada-taro (chain)']).toMatch(/: OK\n/);
    expect(verdicts['revoked (chain)']).toContain('certificate revoked');
    expect(verdicts['revoked']).toContain('certificate revoked');
    expect(verdicts['revoked']).not.toMatch(/: OK\n/);
  });
});
