import 'reflect-metadata';
import { encodeCommandApdu, formatSw, parseResponseApdu, SW } from '../../device/card/Apdu.ts';
import type { CardChannel } from '../../device/card/CardChannel.ts';
import { AID, EF, forgetSession, readBasicFourInfo, readCardForCheckIn } from '../../device/mynacard/index.ts';

/** A card on one path, ready to be timed. */
export interface BenchCard {
  channel: CardChannel;
  /** The profile's 照合番号B, as the kiosk derives it from the scanned card face. */
  verificationCodeB: string;
}

export interface BenchCase {
  id: string;
  label: string;
  /** Untimed preparation on this card (select the right file, etc.). */
  prepare(card: BenchCard): Promise<void>;
  run(card: BenchCard): Promise<void>;
  /** Which budget it gets: a raw APDU is cheap, a full read is tens of APDUs. */
  weight: 'apdu' | 'read';
}

const SELECT_JPKI = encodeCommandApdu({ cla: 0x00, ins: 0xa4, p1: 0x04, p2: 0x0c, data: AID.jpki });
const SELECT_AUTH_CERTIFICATE = encodeCommandApdu({ cla: 0x00, ins: 0xa4, p1: 0x02, p2: 0x0c, data: Uint8Array.of(0x00, EF.jpki.authCertificate) });
const READ_256 = encodeCommandApdu({ cla: 0x00, ins: 0xb0, p1: 0x00, p2: 0x00, le: 256 });

async function transmitOk(channel: CardChannel, command: Uint8Array, what: string, dataLength = 0): Promise<void> {
  const response = parseResponseApdu(await channel.transmit(command));
  if (response.sw !== SW.OK || response.data.length !== dataLength) {
    throw new Error(`${what}: answered ${formatSw(response.sw)} with ${response.data.length} data bytes (expected 9000 with ${dataLength}).`);
  }
}

export const BENCH_CASES: BenchCase[] = [
  {
    id: 'apdu.selectJpki',
    label: 'APDU: SELECT JPKI AP',
    weight: 'apdu',
    prepare: async () => undefined,
    run: ({ channel }) => transmitOk(channel, SELECT_JPKI, 'SELECT JPKI AP'),
  },
  {
    id: 'apdu.readBinary256',
    label: 'APDU: READ BINARY 256 B',
    weight: 'apdu',
    async prepare({ channel }) {
      await transmitOk(channel, SELECT_JPKI, 'SELECT JPKI AP');
      await transmitOk(channel, SELECT_AUTH_CERTIFICATE, 'SELECT EF 000A');
    },
    run: ({ channel }) => transmitOk(channel, READ_256, 'READ BINARY', 256),
  },
  {
    id: 'read.checkIn',
    label: 'read: token + auth cert + CA + PIN tries',
    weight: 'read',
    prepare: async () => undefined,
    async run({ channel }) {
      forgetSession(channel); // every read starts as on a freshly placed card: SELECT the AP again
      await readCardForCheckIn(channel);
    },
  },
  {
    id: 'read.full',
    label: 'read: the above + 基本4情報 (照合番号B)',
    weight: 'read',
    prepare: async () => undefined,
    async run({ channel, verificationCodeB }) {
      forgetSession(channel);
      await readCardForCheckIn(channel);
      await readBasicFourInfo(channel, { verificationCodeB });
    },
  },
];

/** How many APDUs one run of a case sends, counted once on the given card. */
export async function countApdus(benchCase: BenchCase, card: BenchCard): Promise<number> {
  let count = 0;
  const counting: CardChannel = {
    atr: card.channel.atr,
    transmit: (command) => {
      count += 1;
      return card.channel.transmit(command);
    },
    reset: () => card.channel.reset(),
    close: () => card.channel.close(),
  };
  await benchCase.prepare({ ...card, channel: counting });
  count = 0;
  await benchCase.run({ ...card, channel: counting });
  return count;
}
