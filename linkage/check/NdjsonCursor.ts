import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** One line of an NDJSON file and where it starts and ends, in bytes. */
export interface NdjsonLine {
  text: string;
  start: number;
  end: number;
}

const CHUNK = 4 << 20;

/**
 * Reads an NDJSON file line by line from any byte offset, knowing each line's offsets: a checkpoint is a
 * byte position, and a resumed run starts there without rereading. Synchronous on purpose: the batch is a
 * process of its own, and one read call per 4 MB keeps line splitting the only cost.
 */
export class NdjsonCursor {
  private readonly fd: number;
  readonly size: number;
  private buffer = Buffer.alloc(0);
  /** File offset of buffer[0]. */
  private bufferStart: number;
  private readAt: number;
  private held: NdjsonLine | null = null;

  constructor(
    readonly file: string,
    start = 0,
  ) {
    this.fd = openSync(file, 'r');
    this.size = fstatSync(this.fd).size;
    this.bufferStart = start;
    this.readAt = start;
  }

  /** The next line without consuming it. */
  peek(): NdjsonLine | null {
    this.held ??= this.read();
    return this.held;
  }

  next(): NdjsonLine | null {
    const line = this.peek();
    this.held = null;
    return line;
  }

  /** Where the next unconsumed line starts: the position to checkpoint. */
  get position(): number {
    return this.held ? this.held.start : this.bufferStart;
  }

  private read(): NdjsonLine | null {
    for (;;) {
      const newline = this.buffer.indexOf(10);
      if (newline >= 0) {
        const start = this.bufferStart;
        const text = this.buffer.toString('utf8', 0, newline);
        this.buffer = this.buffer.subarray(newline + 1);
        this.bufferStart += newline + 1;
        if (text.length === 0) continue;
        return { text, start, end: this.bufferStart };
      }
      const chunk = Buffer.allocUnsafe(CHUNK);
      const n = readSync(this.fd, chunk, 0, CHUNK, this.readAt);
      if (n === 0) {
        if (this.buffer.length === 0) return null;
        // A last line without its newline.
        const start = this.bufferStart;
        const text = this.buffer.toString('utf8');
        this.bufferStart += this.buffer.length;
        this.buffer = Buffer.alloc(0);
        return { text, start, end: this.bufferStart };
      }
      this.readAt += n;
      this.buffer = this.buffer.length === 0 ? chunk.subarray(0, n) : Buffer.concat([this.buffer, chunk.subarray(0, n)]);
    }
  }

  close(): void {
    closeSync(this.fd);
  }
}

/** A string field of a line written by JSON.stringify, found without parsing the whole line. */
export function peekField(line: string, field: string): string | null {
  const key = `"${field}":"`;
  const at = line.indexOf(key);
  if (at < 0) return null;
  const from = at + key.length;
  return line.slice(from, line.indexOf('"', from));
}
