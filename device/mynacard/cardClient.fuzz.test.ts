import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { CardError } from '../card/CardError.ts';
import { createSimCard } from '../../sim/card/createSimCard.ts';
import { createCorruptingChannel } from '../../sim/fault/corruptingChannel.ts';
import { loadCardProfile } from '../../sim/cardProfile/loadCardProfile.ts';
import { SimReader } from '../../sim/reader/SimReader.ts';
import { forgetSession } from './cardSession.ts';
import { queryPinTries, readBasicFourInfo, readCardFace, readCardForCheckIn, signChallenge, verifyPin } from './index.ts';

/** At least this many mutated responses reach the client (issue 2: ≥ 10^5). */
const TARGET = 100_000;
/** A client call that takes longer than this on an in-memory card has hung. */
const HANG_MS = 2_000;

describe('fuzzing the card client with mutated responses', () => {
  it(`turns ${TARGET} mutated responses into results or typed CardErrors: no crash, no hang`, async () => {
    const loaded = loadCardProfile('yamada-taro');
    const sim = await createSimCard(loaded.profile, loaded.photo);
    const reader = new SimReader('Fuzz Reader');
    reader.insertCard(sim.card);
    let channel = createCorruptingChannel(await reader.connect(), { seed: 20261124, probability: 0.5 });
    let corruptedBefore = 0;
    const operations = [
      () => readCardForCheckIn(channel),
      () => queryPinTries(channel, 'auth'),
      () => verifyPin(channel, 'auth', loaded.profile.pins.auth!),
      () => signChallenge(channel, Uint8Array.of(1, 2, 3)),
      () => readBasicFourInfo(channel, { verificationCodeB: sim.verificationCodeB }),
      () => readCardFace(channel, sim.verificationCodeB),
    ];
    const outcomes = new Map<string, number>();
    let calls = 0;
    while (corruptedBefore + channel.corrupted < TARGET) {
      const operation = operations[calls++ % operations.length]!;
      let timer: NodeJS.Timeout | undefined;
      const hang = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('HANG')), HANG_MS)));
      try {
        await Promise.race([operation(), hang]);
        outcomes.set('ok', (outcomes.get('ok') ?? 0) + 1);
      } catch (error) {
        if (!(error instanceof CardError)) throw new Error(`call ${calls} threw an untyped error: ${String(error)}`, { cause: error });
        outcomes.set(error.code, (outcomes.get(error.code) ?? 0) + 1);
      } finally {
        clearTimeout(timer);
      }
      // A wrong VERIFY answer may have used up real tries: restore the card so every call can reach deep.
      if (calls % 50 === 0) {
        corruptedBefore += channel.corrupted;
        forgetSession(channel);
        const fresh = await createSimCard(loaded.profile, loaded.photo);
        reader.insertCard(fresh.card);
        channel = createCorruptingChannel(await reader.connect(), { seed: 20261124 + calls, probability: 0.5 });
      }
    }
    console.log(`fuzz: ${corruptedBefore + channel.corrupted} mutated responses over ${calls} client calls; outcomes ${JSON.stringify(Object.fromEntries(outcomes))}`);
    expect(outcomes.get('MALFORMED_RESPONSE')).toBeGreaterThan(1000);
    expect(outcomes.get('ok')).toBeGreaterThan(0);
  }, 300_000);
});
