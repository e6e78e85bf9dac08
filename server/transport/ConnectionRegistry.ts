import type { ServiceErrorCode } from '../../protocol/eligibility/ServiceError.ts';
import type { Connection } from './Connection.ts';

/** Every open connection of the endpoint, so the operator's levers and close() can reach them all. */
export class ConnectionRegistry {
  private readonly connections = new Set<Connection>();

  get size(): number {
    return this.connections.size;
  }

  add(conn: Connection): void {
    this.connections.add(conn);
  }

  delete(conn: Connection): void {
    this.connections.delete(conn);
  }

  /** Close every terminal connection with a WebSocket close code, telling each why first when `error` is given. */
  closeTerminals(code: number, reason: string, error?: { code: ServiceErrorCode; message: string }): number {
    let n = 0;
    for (const conn of this.terminals()) {
      if (error) conn.sendError(null, error.code, error.message);
      conn.socket.close(code, reason);
      n += 1;
    }
    return n;
  }

  /** Cut every terminal connection without a word, as a network failure would. */
  dropTerminals(): number {
    let n = 0;
    for (const conn of this.terminals()) {
      conn.socket.terminate();
      n += 1;
    }
    return n;
  }

  terminateAll(): void {
    for (const conn of this.connections) conn.socket.terminate();
  }

  private *terminals(): Iterable<Connection> {
    for (const conn of this.connections) if (conn.role === 'terminal') yield conn;
  }
}
