import type { CardChannel } from '../card/CardChannel.ts';
import { CardError } from '../card/CardError.ts';
import { EF } from './cardFiles.ts';
import { readBinary } from './readBinary.ts';
import { selectApplication, selectFile } from './selectFile.ts';

/** The JPKI token label (EF 0006, first 32 bytes, space padded): JPKIAPICCTOKEN2 on a card. */
export async function readTokenLabel(channel: CardChannel): Promise<string> {
  await selectApplication(channel, 'jpki');
  await selectFile(channel, EF.jpki.tokenInfo);
  const raw = await readBinary(channel, 0, 0x20, 'token label');
  if (raw.length !== 0x20) throw new CardError('MALFORMED_RESPONSE', `token label: expected 32 bytes, got ${raw.length}.`);
  if (raw.some((b) => b !== 0 && (b < 0x20 || b > 0x7e))) throw new CardError('MALFORMED_RESPONSE', 'token label: not printable ASCII.');
  return new TextDecoder('ascii').decode(raw).replace(/[\s\0]+$/, '');
}
