import { WebSocket } from 'ws';

export interface RawTerminal {
  /** Send one frame and wait for the frame that answers its id. */
  send(frame: Record<string, unknown>): Promise<Record<string, unknown>>;
  close(): void;
}

/**
 * A terminal written from docs/protocol.md alone: hello, then raw frames in and their answers out, with
 * nothing of the typed client in between (no retries, no fresh keys): what a test replays is exactly what was sent.
 */
export async function openRawTerminal(url: string, clinic: { code: string; secret: string }, terminalId = 'raw'): Promise<RawTerminal> {
  const socket = new WebSocket(url);
  const waiting = new Map<string, (frame: Record<string, unknown>) => void>();
  socket.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as Record<string, unknown>;
    waiting.get(frame.id as string)?.(frame);
  });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  const send = (frame: Record<string, unknown>) =>
    new Promise<Record<string, unknown>>((resolve) => {
      waiting.set(frame.id as string, resolve);
      socket.send(JSON.stringify(frame));
    });
  const welcome = await send({ v: 1, type: 'hello', id: 'hello', role: 'terminal', medicalInstitutionCode: clinic.code, secret: clinic.secret, terminalId });
  if (welcome.type !== 'welcome') throw new Error(`hello refused: ${JSON.stringify(welcome)}`);
  return { send, close: () => socket.terminate() };
}
