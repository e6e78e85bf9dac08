import { randomUUID } from 'node:crypto';
import { WebSocket } from 'ws';
import type { z } from 'zod';
import { describeZodIssues } from '../../../foundation/describeZodIssues.ts';
import { PROTOCOL_VERSION } from '../ClientMessage.ts';
import type { ErrorMessage } from '../ServerMessage.ts';
import { ServiceError } from '../ServiceError.ts';
import { decodeServerFrame } from './decodeServerFrame.ts';

/** idle → connecting → connected ⇄ reconnecting; `failed` after a refusal retrying cannot fix (wrong secret); `closed` by close(). */
export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'failed' | 'closed';

export interface ServiceConnectionOptions {
  url: string;
  /** Total time one call may take, reconnects and retries included. Default 10 s (the timeout myclinic uses). */
  deadlineMs?: number;
  /** How long the WebSocket handshake may take. Default 5 s. */
  connectTimeoutMs?: number;
  /** Reconnect backoff: doubles from initialDelayMs up to maxDelayMs, with jitter. Defaults 100 ms and 5 s. */
  reconnect?: { initialDelayMs?: number; maxDelayMs?: number };
  /** Sends per call at most (the first included). Default 5. */
  maxAttempts?: number;
}

interface Pending {
  socket: WebSocket;
  resolve: (body: unknown) => void;
  reject: (error: ServiceError) => void;
}

interface Waiter {
  resolve: (socket: WebSocket) => void;
  reject: (error: ServiceError) => void;
}

export function toServiceError(message: ErrorMessage): ServiceError {
  return new ServiceError(message.code, message.message, message.details ? { details: message.details } : {});
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * One authenticated WebSocket to the eligibility service, kept up in the background: it says hello,
 * reconnects with backoff when the connection drops, correlates answers to requests by id, enforces
 * each call's deadline and resends a call after a drop with the same idempotency key.
 * EligibilityClient (terminals) and OperatorClient (control panel, tests) are thin typed layers on it.
 */
export class ServiceConnection {
  private socket: WebSocket | null = null;
  private stateValue: ConnectionState = 'idle';
  private readonly waiters = new Set<Waiter>();
  private readonly pending = new Map<string, Pending>();
  private readonly listeners = new Set<(state: ConnectionState, cause: ServiceError | null) => void>();
  private reconnectTimer: NodeJS.Timeout | undefined;
  private attempts = 0;
  private lastFailure: ServiceError | null = null;
  private welcome: unknown = null;
  private readonly deadlineMs: number;
  private readonly connectTimeoutMs: number;
  private readonly initialDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly maxAttempts: number;

  constructor(
    private readonly options: ServiceConnectionOptions,
    private readonly hello: () => Record<string, unknown>,
  ) {
    this.deadlineMs = options.deadlineMs ?? 10_000;
    this.connectTimeoutMs = options.connectTimeoutMs ?? 5_000;
    this.initialDelayMs = options.reconnect?.initialDelayMs ?? 100;
    this.maxDelayMs = options.reconnect?.maxDelayMs ?? 5_000;
    this.maxAttempts = options.maxAttempts ?? 5;
  }

  get state(): ConnectionState {
    return this.stateValue;
  }

  /** The welcome frame of the current connection. */
  get welcomeFrame(): unknown {
    return this.welcome;
  }

  onStateChange(listener: (state: ConnectionState, cause: ServiceError | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Connect and authenticate; rejects with AUTH_FAILED, TIMEOUT (cause: the last failure) or CLIENT_CLOSED. */
  async open(timeoutMs = this.deadlineMs): Promise<void> {
    await this.ready(timeoutMs);
  }

  /**
   * Send one request and wait for its answer's body, checked against `schema`. `idempotent` requests
   * get a fresh idempotency key that every resend reuses, so a drop between the service's commit and
   * its answer never produces a second record. A caller that must survive its own crash passes the key
   * (`idempotencyKey`), derived from what it is answering, so its retry after a restart is the same request.
   */
  async call<T>(type: string, payload: Record<string, unknown>, schema: z.ZodType<T>, options: { idempotent: boolean; deadlineMs?: number; idempotencyKey?: string }): Promise<T> {
    const deadline = Date.now() + (options.deadlineMs ?? this.deadlineMs);
    const frame: Record<string, unknown> = { v: PROTOCOL_VERSION, type, ...payload };
    if (options.idempotent) frame.idempotencyKey = options.idempotencyKey ?? randomUUID();
    let lastError: ServiceError | null = null;
    for (let attempt = 1; ; attempt += 1) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new ServiceError('TIMEOUT', `${type}: no answer within the deadline.`, lastError ? { cause: lastError } : {});
      try {
        const socket = await this.ready(remaining);
        const body = await this.exchange(socket, { ...frame, id: randomUUID() }, deadline - Date.now(), type);
        const parsed = schema.safeParse(body);
        if (!parsed.success) throw new ServiceError('UNEXPECTED_REPLY', `${type}: the service's answer does not match protocol v${PROTOCOL_VERSION}: ${describeZodIssues(parsed.error).message}`);
        return parsed.data;
      } catch (error) {
        if (!(error instanceof ServiceError)) throw error;
        // The deadline ran out inside an attempt: what made the earlier attempts fail is the real answer.
        if (error.code === 'TIMEOUT' && lastError && error.cause === undefined) throw new ServiceError('TIMEOUT', error.message, { cause: lastError });
        if (!error.retryable || error.code === 'TIMEOUT' || attempt >= this.maxAttempts) throw error;
        lastError = error;
        const retryAfter = typeof error.details?.retryAfterMs === 'number' ? error.details.retryAfterMs : 0;
        await sleep(Math.min(Math.max(retryAfter, this.backoff(attempt)), Math.max(0, deadline - Date.now())));
      }
    }
  }

  async close(): Promise<void> {
    if (this.stateValue === 'closed') return;
    this.setState('closed', null);
    clearTimeout(this.reconnectTimer);
    const error = new ServiceError('CLIENT_CLOSED', 'The client was closed.');
    for (const w of this.waiters) w.reject(error);
    this.waiters.clear();
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      p.reject(error);
    }
    const socket = this.socket;
    this.socket = null;
    if (socket && socket.readyState !== WebSocket.CLOSED) {
      await new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        socket.close(1000, 'client closed');
        setTimeout(() => socket.terminate(), 1000).unref();
      });
    }
  }

  private setState(state: ConnectionState, cause: ServiceError | null): void {
    if (this.stateValue === state) return;
    this.stateValue = state;
    for (const listener of this.listeners) listener(state, cause);
  }

  private backoff(attempt: number): number {
    const base = Math.min(this.maxDelayMs, this.initialDelayMs * 2 ** (attempt - 1));
    return base / 2 + Math.random() * (base / 2);
  }

  private ready(timeoutMs: number): Promise<WebSocket> {
    if (this.stateValue === 'closed') return Promise.reject(new ServiceError('CLIENT_CLOSED', 'The client was closed.'));
    if (this.stateValue === 'failed' && this.lastFailure) return Promise.reject(this.lastFailure);
    if (this.socket && this.socket.readyState === WebSocket.OPEN) return Promise.resolve(this.socket);
    if (this.stateValue === 'idle') this.dial();
    return new Promise<WebSocket>((resolve, reject) => {
      const waiter: Waiter = {
        resolve: (s) => {
          clearTimeout(timer);
          resolve(s);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        const cause = this.lastFailure;
        reject(new ServiceError('TIMEOUT', `Could not reach the eligibility service at ${this.options.url} in time${cause ? `: ${cause.message}` : '.'}`, cause ? { cause } : {}));
      }, Math.max(0, timeoutMs));
      this.waiters.add(waiter);
    });
  }

  private dial(): void {
    this.setState(this.attempts === 0 && this.stateValue === 'idle' ? 'connecting' : 'reconnecting', this.lastFailure);
    const helloFrame = { v: PROTOCOL_VERSION, id: randomUUID(), type: 'hello', ...this.hello() };
    const socket = new WebSocket(this.options.url, { handshakeTimeout: this.connectTimeoutMs, perMessageDeflate: false });
    let welcomed = false;
    socket.on('open', () => socket.send(JSON.stringify(helloFrame)));
    socket.on('message', (data) => {
      const decoded = decodeServerFrame(data.toString());
      if (!decoded.ok) {
        this.unreadable(socket, welcomed, decoded.id, decoded.problem);
        return;
      }
      const message = decoded.message;
      if (!welcomed) {
        if (message.type === 'welcome' && message.id === helloFrame.id) {
          welcomed = true;
          this.socket = socket;
          this.attempts = 0;
          this.lastFailure = null;
          this.welcome = message;
          this.setState('connected', null);
          for (const w of this.waiters) w.resolve(socket);
          this.waiters.clear();
        } else if (message.type === 'error') {
          this.lastFailure = toServiceError(message);
          if (!this.lastFailure.retryable) this.fail(this.lastFailure);
          socket.close();
        }
        return;
      }
      if (message.id !== null && this.pending.has(message.id)) {
        const p = this.pending.get(message.id)!;
        this.pending.delete(message.id);
        if (message.type === 'reply') p.resolve(message.body);
        else if (message.type === 'error') p.reject(toServiceError(message));
        else p.reject(new ServiceError('UNEXPECTED_REPLY', `A ${message.type} frame answered a request.`));
      } else if (message.type === 'error' && message.id === null) {
        // A notice before the service closes the connection (SERVICE_DOWN, TOO_MANY_BAD_FRAMES).
        this.lastFailure = toServiceError(message);
      }
    });
    socket.on('error', (error) => {
      if (!welcomed) this.lastFailure ??= new ServiceError('CONNECTION_LOST', `Cannot connect to ${this.options.url}: ${error.message}`, { cause: error });
    });
    socket.on('close', () => {
      if (this.socket === socket) this.socket = null;
      const lost = new ServiceError('CONNECTION_LOST', 'The connection to the eligibility service dropped before the answer arrived.', this.lastFailure ? { cause: this.lastFailure } : {});
      for (const [id, p] of this.pending) {
        if (p.socket !== socket) continue;
        this.pending.delete(id);
        p.reject(lost);
      }
      if (this.stateValue === 'closed' || this.stateValue === 'failed') return;
      this.attempts += 1;
      this.setState('reconnecting', this.lastFailure ?? lost);
      clearTimeout(this.reconnectTimer);
      this.reconnectTimer = setTimeout(() => this.dial(), this.backoff(this.attempts));
      this.reconnectTimer.unref();
    });
  }

  /**
   * A frame that does not parse fails the call it answers (by id), or, with no readable id, every call
   * waiting on that socket: the caller learns the service spoke nonsense instead of waiting for TIMEOUT.
   * Before the welcome it becomes the cause the connection attempt reports.
   */
  private unreadable(socket: WebSocket, welcomed: boolean, id: string | null, problem: string): void {
    const error = new ServiceError('UNEXPECTED_REPLY', `The eligibility service sent a frame this client cannot read: ${problem}.`);
    if (!welcomed) {
      this.lastFailure = error;
      return;
    }
    const owners = id === null ? [...this.pending].filter(([, p]) => p.socket === socket) : this.pending.has(id) ? [[id, this.pending.get(id)!] as const] : [];
    for (const [key, p] of owners) {
      this.pending.delete(key);
      p.reject(error);
    }
  }

  private fail(error: ServiceError): void {
    this.setState('failed', error);
    for (const w of this.waiters) w.reject(error);
    this.waiters.clear();
  }

  private exchange(socket: WebSocket, frame: Record<string, unknown> & { id: string }, timeoutMs: number, type: string): Promise<unknown> {
    return new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(frame.id);
        reject(new ServiceError('TIMEOUT', `${type}: no answer within the deadline.`));
      }, Math.max(0, timeoutMs));
      this.pending.set(frame.id, {
        socket,
        resolve: (body) => {
          clearTimeout(timer);
          resolve(body);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      socket.send(JSON.stringify(frame), (error) => {
        if (!error) return;
        const p = this.pending.get(frame.id);
        this.pending.delete(frame.id);
        p?.reject(new ServiceError('CONNECTION_LOST', `${type}: the request could not be sent: ${error.message}`, { cause: error }));
      });
    });
  }
}
