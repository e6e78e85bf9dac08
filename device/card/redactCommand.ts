import { toHex } from './Apdu.ts';

/**
 * A command APDU as hex for traces and logs, with the secret removed: VERIFY (20) and CHANGE
 * REFERENCE DATA (24) carry a PIN in their data, which is shown as `<redacted n bytes>`.
 * Every trace in the project goes through here; the PIN reaches the card and nothing else.
 */
export function redactCommand(command: Uint8Array): string {
  const ins = command[1];
  if ((ins === 0x20 || ins === 0x24) && command.length > 5) {
    return `${toHex(command.subarray(0, 5))} <redacted ${command.length - 5} bytes>`;
  }
  return toHex(command);
}
