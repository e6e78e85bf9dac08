import { describeZodIssues } from '../../../foundation/describeZodIssues.ts';
import { PROTOCOL_VERSION } from '../ClientMessage.ts';
import { ServerMessageSchema, type ServerMessage } from '../ServerMessage.ts';

/** A frame from the service as this client reads it; an unreadable one says why, and whose answer it claimed to be. */
export type DecodedServerFrame = { ok: true; message: ServerMessage } | { ok: false; id: string | null; problem: string };

/** Read one frame from the service; never throws, whatever the bytes. */
export function decodeServerFrame(text: string): DecodedServerFrame {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, id: null, problem: 'the frame is not JSON' };
  }
  const parsed = ServerMessageSchema.safeParse(raw);
  if (parsed.success) return { ok: true, message: parsed.data };
  const id = typeof raw === 'object' && raw !== null && 'id' in raw && typeof raw.id === 'string' ? raw.id : null;
  return { ok: false, id, problem: `the frame is not a protocol v${PROTOCOL_VERSION} server message (${describeZodIssues(parsed.error).message})` };
}
