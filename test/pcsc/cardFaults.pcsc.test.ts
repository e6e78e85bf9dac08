import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isCardError, type CardError } from '../../device/card/CardError.ts';
import { readAuthCertificate, readTokenLabel } from '../../device/mynacard/index.ts';
import { createPcscCardHarness, VPCD_READER, waitForPresence } from '../harness/pcscCardHarness.ts';

type Harness = Awaited<ReturnType<typeof createPcscCardHarness>>;

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => 'resolved',
    (e: unknown) => e,
  );
  return isCardError(error) ? error.code : String(error);
}

describe('the PC/SC adapter against real pcscd + vpcd', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await createPcscCardHarness();
  });
  afterEach(async () => harness.remove());
  afterAll(async () => harness.close());

  it('reports each insertion and removal exactly once, however often pcscd repeats its status', async () => {
    const seen: string[] = [];
    const offs = [harness.reader.on('card.inserted', () => seen.push('in')), harness.reader.on('card.removed', () => seen.push('out'))];
    for (let i = 0; i < 3; i++) {
      const { channel } = await harness.insert('yamada-taro');
      await channel.close();
      await sleep(900); // a couple of pcscd polling rounds while the card lies there
      await harness.remove();
    }
    offs.forEach((off) => off());
    expect(seen).toEqual(['in', 'out', 'in', 'out', 'in', 'out']);
  });

  it('a card pulled in the middle of a certificate read ends in CARD_REMOVED, not a hang', async () => {
    const { channel } = await harness.insert('yamada-taro');
    await readTokenLabel(channel);
    // let the header read and one chunk through, then pull the card while the next READ BINARY is in flight
    harness.injectFault({ kind: 'cardPulled', ins: 0xb0, skip: 2, scope: { kind: 'next' } });
    expect(await codeOf(readAuthCertificate(channel))).toBe('CARD_REMOVED');
    await waitForPresence(harness.reader, false);
    expect(await codeOf(readTokenLabel(channel))).toBe('CARD_REMOVED');
  });

  it('a dirty contact fails one APDU with a typed transport error and the card answers again afterwards', async () => {
    const { channel } = await harness.insert('yamada-taro');
    harness.injectFault({ kind: 'dirtyContact', probability: 1, scope: { kind: 'next' } });
    const code = await codeOf(readTokenLabel(channel));
    expect(code).toBe('COMM');
    expect(await readTokenLabel(channel)).toBe('JPKIAPICCTOKEN2');
  });

  it('a dead chip never shows as a card in the reader, so connecting says there is no card', async () => {
    const loaded = (await import('../../sim/cardProfile/loadCardProfile.ts')).loadCardProfile('dead-chip');
    const sim = await (await import('../../sim/card/createSimCard.ts')).createSimCard(loaded.profile, loaded.photo);
    await harness.bridge.insert(sim.card, loaded.profile.faults);
    await sleep(1200); // three pcscd polls
    expect(harness.reader.cardPresent).toBe(false);
    expect(await codeOf(harness.reader.connect())).toBe('NO_SMARTCARD');
  });
});

/** pcscd's pid from its pid file (it writes one under /run/pcscd). */
function pcscdPid(): number | undefined {
  try {
    const pid = parseInt(readFileSync('/run/pcscd/pcscd.pid', 'utf8'), 10); // the file ends in "\n\0"
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

describe('when pcscd restarts', () => {
  it('the reader list reports the readers gone, re-creates its context, and the card is readable again', async () => {
    const harness = await createPcscCardHarness();
    try {
      await harness.insert('yamada-taro');
      const errors: CardError[] = [];
      const detached: string[] = [];
      harness.readers.on('error', (e) => errors.push(e));
      const gone = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${VPCD_READER} was not reported detached within 10 s of pcscd stopping`)), 10_000);
        harness.readers.on('reader.detached', (name) => {
          detached.push(name);
          if (name === VPCD_READER) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      const pid = pcscdPid();
      expect(pid, 'pcscd pid file').toBeDefined();
      process.kill(pid!, 'SIGTERM');
      for (let i = 0; i < 50 && spawnSync('kill', ['-0', String(pid)]).status === 0; i++) await sleep(100);
      // the machine-wide pcscd comes back (as an init system would restart it); it outlives this test
      // The list notices the dead context at its next status call: wait for that before pcscd comes back,
      // or the stale reader object would still be listed and found.
      await gone;
      const restarted = spawn('pcscd', ['--foreground'], { detached: true, stdio: 'ignore' });
      restarted.unref();
      const reader = await harness.readers.waitForReader(VPCD_READER, 15_000);
      expect(detached).toContain(VPCD_READER);
      expect(errors.length).toBeGreaterThan(0);
      await waitForPresence(reader, true, 10_000); // the vpcd bridge reconnects by itself
      const channel = await reader.connect();
      expect(await readTokenLabel(channel)).toBe('JPKIAPICCTOKEN2');
      await channel.close();
    } finally {
      await harness.close();
    }
  });
});
