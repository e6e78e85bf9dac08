import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
import iconv from 'iconv-lite';

/*
 * A stand-in for a clinic's レセコン: it writes request files the way public clinic software does (temp
 * file, then rename into req; a fresh name per request), waits for the result (or the .err) by name, and
 * reads it with parsers independent of the terminal's: xmllint (libxml2 + glibc iconv) checks the bytes
 * are well-formed and valid against our XSD, and Node's own WHATWG TextDecoder decodes them for a second
 * parse. Both readings must agree element for element.
 */

export const SCHEMA_DIR = fileURLToPath(new URL('../../terminal/schema/', import.meta.url));
export const INSTALL_XMLLINT = 'xmllint is missing: install Debian\'s libxml2-utils (`apt-get install -y libxml2-utils`, or `bash scripts/setup`).';

/** Fails, saying how to install it, when xmllint is not there: the independent check must not silently skip. */
export function requireXmllint(): void {
  const probe = spawnSync('xmllint', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) throw new Error(INSTALL_XMLLINT);
}

export type Tree = Record<string, unknown>;

const MAX_OUTPUT = 256 * 1024 * 1024;

const REPEATED = new Set(['ResultOfQualificationConfirmation', 'BulkConfirmUnit', 'SpecificDiseasesCertificateInfo']);
const nodeParser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: false, processEntities: true, htmlEntities: true, ignoreDeclaration: true, isArray: (n) => REPEATED.has(n) });

function stripLayout(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripLayout);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Tree).filter(([k, v]) => !(k === '#text' && typeof v === 'string' && v.trim() === '')).map(([k, v]) => [k, stripLayout(v)]));
  }
  return value;
}

/** Decode by the declaration with Node's own decoder (not iconv-lite, which the terminal writes with). */
export function decodeIndependently(bytes: Buffer): string {
  const declared = /encoding="([^"]+)"/.exec(bytes.subarray(0, 100).toString('latin1'))?.[1] ?? 'UTF-8';
  return new TextDecoder(declared.toLowerCase() === 'shift_jis' ? 'shift_jis' : 'utf-8', { fatal: true }).decode(bytes);
}

export interface ReadResult {
  file: string;
  bytes: Buffer;
  xml: Tree;
  /** The .err text, when the terminal refused the file itself. */
  error: string | null;
}

export class ReferenceClient {
  private seq = 0;
  private readonly prefix: string;

  constructor(
    readonly root: string,
    readonly medicalInstitutionCode: string,
  ) {
    // YYYYMMDD + a 4-digit daily sequence, as public clients name requests; a random day keeps parallel clients apart.
    this.prefix = `2026${String(1 + (randomBytes(1)[0]! % 12)).padStart(2, '0')}${String(10 + (randomBytes(1)[0]! % 18))}`;
  }

  get req(): string {
    return join(this.root, 'req');
  }

  get res(): string {
    return join(this.root, 'res');
  }

  nextName(kind: string): string {
    this.seq += 1;
    return `${kind}req_${this.prefix}${String(this.seq).padStart(4, '0')}${randomBytes(2).toString('hex')}.xml`;
  }

  /** Written whole under a temporary name the terminal ignores, then renamed into req. */
  submit(name: string, text: string, encoding: 'utf-8' | 'shift_jis'): void {
    this.submitBytes(name, encoding === 'utf-8' ? Buffer.from(text, 'utf8') : iconv.encode(text, 'shift_jis'));
  }

  submitBytes(name: string, bytes: Buffer | string): void {
    const tmp = join(this.req, `.refclient-${randomBytes(6).toString('hex')}.tmp`);
    writeFileSync(tmp, bytes);
    renameSync(tmp, join(this.req, name));
  }

  /** Wait for a file to appear in res (e.g. an .err beside an earlier result of the same name). */
  async waitForFile(name: string, timeoutMs = 15_000): Promise<Buffer> {
    const deadline = Date.now() + timeoutMs;
    while (!existsSync(join(this.res, name))) {
      if (Date.now() > deadline) throw new Error(`no ${name} in res within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
    return readFileSync(join(this.res, name));
  }

  /** Wait for `<…res_…>.xml`, or for the request back in res with its .err; read only once two reads agree. */
  async waitFor(name: string, timeoutMs = 15_000): Promise<ReadResult> {
    const resultName = name.replace(/req_/, 'res_');
    const errName = name.replace(/\.xml$/, '.err');
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const err = join(this.res, errName);
      const result = join(this.res, resultName);
      if (existsSync(err)) return { file: err, bytes: readFileSync(err), xml: {}, error: readFileSync(err, 'utf8') };
      if (existsSync(result)) {
        const first = readFileSync(result);
        await new Promise((r) => setTimeout(r, 10));
        const second = readFileSync(result);
        if (first.equals(second)) return { file: result, bytes: second, xml: this.read(result, second), error: null };
      }
      if (Date.now() > deadline) throw new Error(`no answer to ${name} within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /**
   * xmllint validates the file against our schema for its kind, and re-encodes it to UTF-8; that and
   * Node's own decoding, each parsed, must be the same tree.
   */
  read(file: string, bytes: Buffer, schema = schemaFor(file)): Tree {
    const lint = spawnSync('xmllint', ['--noout', '--schema', join(SCHEMA_DIR, schema), file], { encoding: 'utf8', maxBuffer: MAX_OUTPUT });
    if ((lint.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') throw new Error(INSTALL_XMLLINT);
    if (lint.error) throw lint.error;
    if (lint.status !== 0) throw new Error(`xmllint refused ${file}: ${lint.stderr}`);
    const viaXmllint = stripLayout(nodeParser.parse(execFileSync('xmllint', ['--encode', 'UTF-8', file], { maxBuffer: MAX_OUTPUT }).toString('utf8'))) as Tree;
    const viaNode = stripLayout(nodeParser.parse(decodeIndependently(bytes))) as Tree;
    if (JSON.stringify(viaXmllint) !== JSON.stringify(viaNode)) throw new Error(`xmllint and Node read ${file} differently`);
    return (viaNode as { XmlMsg: Tree }).XmlMsg;
  }
}

export function schemaFor(file: string): string {
  const kind = /(OQS[a-z]{5}\d{2})res_/.exec(file)?.[1];
  if (!kind) throw new Error(`not a result file: ${file}`);
  return `${kind}res.xsd`;
}

/** A request document as clinic software writes it: declaration, CRLF, 4-space indentation. */
export function requestText(encoding: 'utf-8' | 'shift_jis', header: Record<string, string>, body: string): string {
  const decl = `<?xml version="1.0" encoding="${encoding === 'utf-8' ? 'UTF-8' : 'Shift_JIS'}" standalone="no"?>`;
  const h = Object.entries(header).map(([k, v]) => `        <${k}>${v}</${k}>`).join('\r\n');
  return `${decl}\r\n<XmlMsg>\r\n    <MessageHeader>\r\n${h}\r\n    </MessageHeader>\r\n    <MessageBody>\r\n${body}\r\n    </MessageBody>\r\n</XmlMsg>\r\n`;
}

export function element(name: string, value: string | null | undefined, indent = 12): string {
  return value === null || value === undefined ? '' : `${' '.repeat(indent)}<${name}>${value}</${name}>\r\n`;
}
