import type { Command } from 'commander';
import { UsageError } from '../UsageError.ts';
import { writeCertificatePem } from '../certificateFiles.ts';
import { normalizeSerial } from '../../../jpki/certificateSerial.ts';
import type { CardReader } from '../../../device/card/CardReader.ts';
import type { ReaderList } from '../../../device/card/ReaderList.ts';
import { readCardForCheckIn } from '../../../device/mynacard/index.ts';
import { createSimCard } from '../../../sim/card/createSimCard.ts';
import { loadCardProfile } from '../../../sim/cardProfile/loadCardProfile.ts';
import { SimReaderList } from '../../../sim/reader/SimReaderList.ts';

type ReaderKind = 'sim' | 'pcsc';

async function openReaders(kind: ReaderKind): Promise<ReaderList> {
  if (kind === 'sim') return new SimReaderList(['Sim Reader 0']);
  const { PcscReaderList } = await import('../../../device/pcsc/PcscReaderList.ts');
  return new PcscReaderList();
}

/** PC/SC reports a present card with the reader's first status event; only ask for a card when none came by then. */
const FIRST_STATUS_MS = 600;

function waitForCard(reader: CardReader, timeoutMs: number): Promise<void> {
  if (reader.cardPresent) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const prompt = setTimeout(() => console.log(`Place a card on ${reader.name} …`), FIRST_STATUS_MS);
    const timer = setTimeout(() => reject(new UsageError('TIMEOUT', `No card on ${reader.name} within ${timeoutMs} ms: place one, or raise --timeout.`)), timeoutMs);
    reader.on('card.inserted', () => {
      clearTimeout(timer);
      clearTimeout(prompt);
      resolve();
    });
  });
}

export function registerCardCommands(program: Command): void {
  const card = program.command('card').description('talk to a マイナンバーカード on a real (pcsc) or simulated (sim) reader');

  card
    .command('readers')
    .description('list the readers')
    .option('--reader <kind>', 'pcsc or sim', 'pcsc')
    .option('--wait <ms>', 'how long to let PC/SC enumerate', '1000')
    .action(async (opts: { reader: ReaderKind; wait: string }) => {
      const readers = await openReaders(opts.reader);
      const errors: string[] = [];
      readers.on('error', (e) => errors.push(`[${e.code}] ${e.message}`));
      await new Promise((r) => setTimeout(r, Number(opts.wait)));
      const list = readers.readers();
      for (const r of list) console.log(`${r.name}\t${r.cardPresent ? 'card present' : 'empty'}`);
      await readers.close();
      if (list.length === 0) {
        console.error(`no readers${errors.length ? `: ${errors[0]}` : ''}. Is pcscd running? (\`bash scripts/setup\`, then \`pcscd --foreground &\`)`);
        process.exitCode = 1;
      }
    });

  card
    .command('read')
    .description('read what the kiosk reads before identity: token label, 利用者証明用 certificate, PIN tries left (no PIN is asked)')
    .option('--reader <kind>', 'pcsc or sim', 'pcsc')
    .option('--name <reader>', 'reader name (default: the first one)')
    .option('--profile <name>', 'with --reader sim: the card profile to place', 'yamada-taro')
    .option('--timeout <ms>', 'how long to wait for a reader and a card', '30000')
    .option('--export-certificate <file>', 'also write the 利用者証明用 certificate there, as PEM (public data: any reader gets it without a PIN)')
    .action(async (opts: { reader: ReaderKind; name?: string; profile: string; timeout: string; exportCertificate?: string }) => {
      const readers = await openReaders(opts.reader);
      try {
        const timeout = Number(opts.timeout);
        const name = opts.name ?? (opts.reader === 'sim' ? 'Sim Reader 0' : await firstReaderName(readers, timeout));
        const reader = await readers.waitForReader(name, timeout);
        if (readers instanceof SimReaderList) {
          const loaded = loadCardProfile(opts.profile);
          const sim = await createSimCard(loaded.profile, loaded.photo);
          readers.get(name).insertCard(sim.card, loaded.profile.faults);
        }
        await waitForCard(reader, timeout);
        const channel = await reader.connect();
        const read = await readCardForCheckIn(channel);
        await channel.close();
        const cert = read.authCertificate.certificate;
        if (opts.exportCertificate) writeCertificatePem(opts.exportCertificate, read.authCertificate.der);
        console.log(
          JSON.stringify(
            {
              reader: reader.name,
              tokenLabel: read.tokenLabel,
              authCertificate: { serial: normalizeSerial(cert.serialNumber), subject: cert.subject, issuer: cert.issuer, notBefore: cert.notBefore, notAfter: cert.notAfter, bytes: read.authCertificate.der.length },
              authPin: read.authPin,
            },
            null,
            2,
          ),
        );
      } finally {
        await readers.close();
      }
    });
}

/** The reader to use when none is named: the first one holding a card, else the first one (once enumeration settled). */
async function firstReaderName(readers: ReaderList, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  await new Promise((r) => setTimeout(r, FIRST_STATUS_MS));
  while (Date.now() < deadline) {
    const all = readers.readers();
    const pick = all.find((r) => r.cardPresent) ?? all[0];
    if (pick) return pick.name;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new UsageError('NO_READER', 'No PC/SC reader found: is pcscd running? (`bash scripts/setup`, then `pcscd --foreground &`)');
}

/** The 利用者証明用 certificate of the card on a PC/SC reader (the first one with a card, unless named). */
export async function readCertificateFromReader(name: string | undefined, timeoutMs = 15_000): Promise<{ der: Uint8Array; serial: string; subject: string }> {
  const readers = await openReaders('pcsc');
  try {
    const reader = await readers.waitForReader(name ?? (await firstReaderName(readers, timeoutMs)), timeoutMs);
    await waitForCard(reader, timeoutMs);
    const channel = await reader.connect();
    try {
      const read = await readCardForCheckIn(channel);
      const cert = read.authCertificate.certificate;
      return { der: read.authCertificate.der, serial: normalizeSerial(cert.serialNumber), subject: cert.subject };
    } finally {
      await channel.close();
    }
  } finally {
    await readers.close();
  }
}
