import type { CardChannel } from '../card/CardChannel.ts';
import type { ApplicationName } from './cardFiles.ts';

/**
 * Which application is selected on each channel. Some cards may clear verified PINs on a re-select
 * (see selectApplication), so the client does not re-select between VERIFY and the command the PIN
 * opens (SIGN, READ BINARY). Forgotten on any transport error and on resetCard, after which the next
 * call selects afresh.
 */
const selected = new WeakMap<CardChannel, ApplicationName>();

export function currentApplication(channel: CardChannel): ApplicationName | undefined {
  return selected.get(channel);
}

export function rememberApplication(channel: CardChannel, app: ApplicationName): void {
  selected.set(channel, app);
}

export function forgetSession(channel: CardChannel): void {
  selected.delete(channel);
}

/** Warm-reset the card: every verified PIN is gone. */
export async function resetCard(channel: CardChannel): Promise<void> {
  forgetSession(channel);
  await channel.reset();
}
