import { describeZodIssues } from '../../foundation/describeZodIssues.ts';
import { HelloSchema, OPERATOR_REQUEST_TYPES, OperatorRequestSchema, PROTOCOL_VERSION, TERMINAL_REQUEST_TYPES, TerminalRequestSchema, type Hello, type OperatorRequest, type TerminalRequest } from '../../protocol/eligibility/ClientMessage.ts';
import { ServiceError } from '../../protocol/eligibility/ServiceError.ts';
import type { ConnectionRole } from './Connection.ts';

export type DecodedFrame = { kind: 'hello'; message: Hello } | { kind: 'terminal'; message: TerminalRequest } | { kind: 'operator'; message: OperatorRequest };

/** A frame that could not be used, with the id to answer to when the frame carried a readable one. */
export class FrameFault extends ServiceError {
  constructor(
    readonly requestId: string | null,
    code: ConstructorParameters<typeof ServiceError>[0],
    message: string,
    details?: Record<string, unknown>,
  ) {
    super(code, message, details ? { details } : {});
  }
}

/**
 * Turn one WebSocket frame into a typed message, or throw a FrameFault saying exactly what is wrong.
 * Never throws anything else, whatever the bytes: the server's survival under junk rests on this.
 */
export function decodeClientFrame(data: Buffer | string, isBinary: boolean, role: ConnectionRole, maxFrameBytes: number): DecodedFrame {
  const size = typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
  if (size > maxFrameBytes) throw new FrameFault(null, 'FRAME_TOO_LARGE', `The frame has ${size} bytes; the limit is ${maxFrameBytes}.`, { maxFrameBytes });
  if (isBinary) throw new FrameFault(null, 'MALFORMED_FRAME', 'Binary frames are not part of the protocol: send one JSON object as a text frame.');
  let raw: unknown;
  try {
    raw = JSON.parse(typeof data === 'string' ? data : data.toString('utf8'));
  } catch {
    throw new FrameFault(null, 'MALFORMED_FRAME', 'The frame is not JSON.');
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new FrameFault(null, 'MALFORMED_FRAME', 'The frame must be one JSON object.');
  const fields = raw as Record<string, unknown>;
  const id = typeof fields.id === 'string' && fields.id.length > 0 && fields.id.length <= 64 ? fields.id : null;
  if (fields.v !== PROTOCOL_VERSION) {
    throw new FrameFault(id, 'UNSUPPORTED_VERSION', `Protocol version ${JSON.stringify(fields.v ?? null)} is not spoken here; use "v": ${PROTOCOL_VERSION}.`, { supported: [PROTOCOL_VERSION] });
  }
  const type = fields.type;
  if (typeof type !== 'string') throw new FrameFault(id, 'INVALID_MESSAGE', 'The frame has no "type".');

  if (type === 'hello') {
    if (role !== 'unauthenticated') throw new FrameFault(id, 'ALREADY_AUTHENTICATED', 'This connection has already said hello; open a new connection to change identity.');
    const parsed = HelloSchema.safeParse(raw);
    if (!parsed.success) {
      const { message, issues } = describeZodIssues(parsed.error);
      throw new FrameFault(id, 'INVALID_MESSAGE', `hello: ${message}`, { issues });
    }
    return { kind: 'hello', message: parsed.data };
  }
  if (role === 'unauthenticated') throw new FrameFault(id, 'NOT_AUTHENTICATED', `Say hello (医療機関コード and secret) before ${JSON.stringify(type.slice(0, 40))}.`);

  const own: readonly string[] = role === 'terminal' ? TERMINAL_REQUEST_TYPES : OPERATOR_REQUEST_TYPES;
  const other: readonly string[] = role === 'terminal' ? OPERATOR_REQUEST_TYPES : TERMINAL_REQUEST_TYPES;
  if (!own.includes(type)) {
    if (other.includes(type)) throw new FrameFault(id, 'FORBIDDEN', `A ${role} connection may not send ${type}.`);
    throw new FrameFault(id, 'UNKNOWN_MESSAGE_TYPE', `Unknown message type ${JSON.stringify(type.slice(0, 40))}.`, { known: own });
  }
  if (role === 'terminal') {
    const parsed = TerminalRequestSchema.safeParse(raw);
    if (parsed.success) return { kind: 'terminal', message: parsed.data };
    const { message, issues } = describeZodIssues(parsed.error);
    throw new FrameFault(id, 'INVALID_MESSAGE', `${type}: ${message}`, { issues });
  }
  const parsed = OperatorRequestSchema.safeParse(raw);
  if (parsed.success) return { kind: 'operator', message: parsed.data };
  const { message, issues } = describeZodIssues(parsed.error);
  throw new FrameFault(id, 'INVALID_MESSAGE', `${type}: ${message}`, { issues });
}
