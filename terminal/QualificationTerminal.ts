import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { EventHub } from '../foundation/EventHub.ts';
import { hasErrorCode, messageOf } from '../foundation/CodedError.ts';
import type { SettledCheckIn } from '../kiosk/protocol/SettledCheckIn.ts';
import { EligibilityClient, type EligibilityClientOptions } from '../protocol/eligibility/client/EligibilityClient.ts';
import type { AnswerContext } from './answers/AnswerContext.ts';
import { answerBulkResult, answerBulkSubmit } from './answers/answerBulkQuery.ts';
import { answerIndividualQuery } from './answers/answerIndividualQuery.ts';
import { answerReferenceRegistration } from './answers/answerReferenceRegistration.ts';
import { errorFileText, errorResult } from './answers/errorAnswers.ts';
import { faceResultFile } from './answers/faceResultFile.ts';
import { parseRequestFileName, type RequestFileName, type RequestKind } from './files/RequestFileName.ts';
import { RequestRejection } from './files/RequestRejection.ts';
import { AnswerBundles, type AnswerFile, type RequestFate } from './folders/AnswerBundles.ts';
import { RequestWatcher, type WatchOptions } from './folders/RequestWatcher.ts';
import { TerminalFolders, type TerminalFolderOptions } from './folders/TerminalFolders.ts';
import { readRequestHeader, type RequestHeader } from './messages/RequestDocuments.ts';
import { decodeXmlFile } from './xml/decodeXmlFile.ts';
import { encodingOfIdentifier, type FileEncoding } from './xml/FileEncoding.ts';
import { readXmlMsg } from './xml/readXmlMsg.ts';

export interface QualificationTerminalOptions {
  folders: TerminalFolderOptions;
  /** Names this terminal's claim folder; must be unique among the terminals serving one share, and stable across restarts. */
  terminalId: string;
  /** 医療機関コード of the clinic; requests for another are refused. */
  medicalInstitutionCode: string;
  /** The eligibility service: connection options (with the clinic's secret), or a client the caller owns. */
  service: EligibilityClientOptions | EligibilityClient;
  /** Encoding of results and face files when a request does not ask for one (default UTF-8, as the real default). */
  encoding?: FileEncoding;
  watch?: WatchOptions;
  /** Larger request files are refused unread (default 8 MiB: a 5,000-person 一括照会 is about 2.5 MiB). */
  maxRequestBytes?: number;
  /** How long one request may wait for the service before it is answered E0201 (default 10 s). */
  serviceDeadlineMs?: number;
  /** Requests answered at once (default 4). */
  concurrency?: number;
  /** How often an answer whose name is taken is tried again (default 2 s). */
  retryBlockedMs?: number;
  now?: () => Date;
  log?: (line: string) => void;
}

/** What one request or push produced, for logs, tests and the benchmark. */
export interface Answered {
  /** The request's file name, or null for a push. */
  request: string | null;
  delivered: string[];
  /** E0xxx when the request was refused. */
  rejection: string | null;
}

const HANDLERS: Record<RequestKind, (ctx: AnswerContext) => Promise<Buffer>> = {
  OQSsiquc01: answerIndividualQuery,
  OQSmuquc01: answerBulkSubmit,
  OQSmuquc02: answerBulkResult,
  OQSsiimm01: answerReferenceRegistration,
};

/**
 * The 資格確認端末 with its 連携アプリケーション: clinic software writes request files into `req`, the terminal
 * answers each exactly once into `res` (results, or an .err beside the request), and pushes the result of
 * every kiosk check-in into `face`. Requests are claimed by rename and answered through AnswerBundles, so a
 * crash, a restart or a second terminal on the same share never answers one twice or loses one.
 */
export class QualificationTerminal {
  readonly folders: TerminalFolders;
  readonly client: EligibilityClient;
  private readonly bundles: AnswerBundles;
  private readonly watcher: RequestWatcher;
  private readonly events = new EventHub<{ answered: (a: Answered) => void }>();
  private readonly ownsClient: boolean;
  private readonly queue: string[] = [];
  private readonly queued = new Set<string>();
  private readonly blocked = new Map<string, string | null>();
  private active = 0;
  private idle: Array<() => void> = [];
  private retryTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly now: () => Date;
  private readonly log: (line: string) => void;

  constructor(private readonly options: QualificationTerminalOptions) {
    this.folders = new TerminalFolders(options.folders, options.terminalId);
    this.bundles = new AnswerBundles(this.folders);
    this.watcher = new RequestWatcher(this.folders.req, options.watch ?? {});
    this.ownsClient = !(options.service instanceof EligibilityClient);
    this.client = options.service instanceof EligibilityClient ? options.service : new EligibilityClient(options.service);
    this.now = options.now ?? (() => new Date());
    this.log = options.log ?? (() => undefined);
  }

  /** Finish what a crash left (answers first, then claimed requests), then watch `req`. */
  async start(): Promise<void> {
    this.folders.ensure();
    const { bundles, claimed } = this.bundles.leftovers();
    for (const key of bundles) this.deliver(key, key.startsWith('push-') ? null : key);
    for (const name of claimed) await this.answerClaimed(name);
    if (bundles.length + claimed.length > 0) this.log(`finished ${bundles.length} answer(s) and ${claimed.length} claimed request(s) left by a stop`);
    await this.watcher.start((name) => this.enqueue(name));
    this.retryTimer = setInterval(() => this.retryBlocked(), this.options.retryBlockedMs ?? 2_000);
    this.retryTimer.unref();
  }

  onAnswered(listener: (a: Answered) => void): () => void {
    return this.events.on('answered', listener);
  }

  /** Resolves once nothing is queued or being answered (tests, the benchmark, a clean stop). */
  drained(): Promise<void> {
    if (this.active === 0 && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  /** A kiosk check-in settled: its face result goes to `face`. Returns the file's name. */
  push(checkIn: SettledCheckIn): string {
    const file = faceResultFile(checkIn, this.options.medicalInstitutionCode, this.options.encoding ?? 'utf-8');
    const key = `push-${file.name.slice(0, -4)}`;
    this.bundles.write(key, [{ to: 'face', name: file.name, bytes: file.bytes }], 'none');
    this.deliver(key, null);
    return file.name;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.retryTimer);
    await this.watcher.close();
    await this.drained();
    if (this.ownsClient) await this.client.close();
  }

  private enqueue(name: string): void {
    if (this.closed || this.queued.has(name)) return;
    this.queued.add(name);
    this.queue.push(name);
    this.pump();
  }

  private pump(): void {
    const limit = this.options.concurrency ?? 4;
    while (this.active < limit && this.queue.length > 0) {
      const name = this.queue.shift()!;
      this.active++;
      // A failure here is the terminal's own (a disk that refuses a write): logged, the request stays where it is
      // (req, or processing for the next start), and the terminal goes on with the others.
      void this.claimAndAnswer(name)
        .catch((error: unknown) => this.log(`${name} left unanswered for now: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`))
        .finally(() => {
          this.active--;
          this.queued.delete(name);
          this.pump();
          if (this.active === 0 && this.queue.length === 0) for (const resolve of this.idle.splice(0)) resolve();
        });
    }
  }

  /** Take the file from req by rename: whoever's rename succeeds answers it; ENOENT means another terminal was first. */
  private async claimAndAnswer(name: string): Promise<void> {
    const claimed = join(this.folders.processing, name);
    // The same name claimed and not yet answered: a second file must not replace it. It waits in req.
    if (existsSync(claimed) || this.bundles.exists(name)) return;
    try {
      renameSync(join(this.folders.req, name), claimed);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      this.log(`cannot claim ${name}: ${messageOf(error)}`);
      return;
    }
    await this.answerClaimed(name);
  }

  private async answerClaimed(name: string): Promise<void> {
    const file = parseRequestFileName(name);
    const path = join(this.folders.processing, name);
    let files: AnswerFile[];
    let fate: RequestFate = 'drop';
    let rejection: RequestRejection | null = null;
    let header: RequestHeader = { MedicalInstitutionCode: null, ArbitraryFileIdentifier: null, CharacterCodeIdentifier: null, QualificationConfirmationDate: null };
    try {
      if (!file) throw new RequestRejection('UNSUPPORTED_KIND', name);
      files = [{ to: 'res', name: file.resultName, bytes: await this.answerFile(file, path, (h) => (header = h)) }];
    } catch (error) {
      rejection = error instanceof RequestRejection ? error : new RequestRejection('INTERNAL', messageOf(error), { cause: error });
      if (!(error instanceof RequestRejection)) this.log(`answering ${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      const errorName = file?.errorName ?? `${name}.err`;
      if (rejection.level === 'request' && file) {
        const encoding = header.CharacterCodeIdentifier ? encodingOfIdentifier(header.CharacterCodeIdentifier) : (this.options.encoding ?? 'utf-8');
        files = [{ to: 'res', name: file.resultName, bytes: errorResult(rejection, header, encoding, this.now()) }];
      } else {
        files = [{ to: 'res', name: errorName, bytes: errorFileText(rejection) }];
        // The request goes into res beside its .err, unchanged, as clinic software expects; a link is not
        // passed on (whoever reads res would read what it points to) and is dropped instead.
        fate = rejection.code === 'NOT_A_REGULAR_FILE' ? 'drop' : 'moveToRes';
      }
    }
    this.bundles.write(name, files, fate);
    this.deliver(name, name, rejection?.number ?? null);
  }

  /** The result file's bytes, or a RequestRejection. `seeHeader` gets the header as soon as it is read, for an error result. */
  private async answerFile(file: RequestFileName, path: string, seeHeader: (h: RequestHeader) => void): Promise<Buffer> {
    const stat = lstatSync(path);
    if (!stat.isFile()) throw new RequestRejection('NOT_A_REGULAR_FILE', stat.isSymbolicLink() ? 'シンボリックリンクは読みません' : '通常のファイルではありません');
    const max = this.options.maxRequestBytes ?? 8 * 1024 * 1024;
    if (stat.size > max) throw new RequestRejection('FILE_TOO_LARGE', `${stat.size} バイト、上限 ${max} バイト`);
    if (!file.kind) throw new RequestRejection('UNSUPPORTED_KIND', `${file.prefix}（対応: OQSsiquc01, OQSmuquc01, OQSmuquc02, OQSsiimm01）`);
    if (existsSync(join(this.folders.res, file.resultName))) throw new RequestRejection('RESULT_NAME_TAKEN', file.resultName);
    const bytes = readFileSync(path);
    const xml = readXmlMsg(decodeXmlFile(bytes).text);
    const header = readRequestHeader(xml);
    seeHeader(header);
    // Keyed by the identifier when there is one, so the same identifier on another request is caught by the
    // service (IDEMPOTENCY_KEY_REUSED); else by name and bytes. Either way a retry after a crash is the same call.
    const identity = header.ArbitraryFileIdentifier ? `afi:${header.ArbitraryFileIdentifier}` : `file:${file.name}:${createHash('sha256').update(bytes).digest('hex')}`;
    const ctx: AnswerContext = {
      file,
      xml,
      header,
      encoding: header.CharacterCodeIdentifier ? encodingOfIdentifier(header.CharacterCodeIdentifier) : (this.options.encoding ?? 'utf-8'),
      client: this.client,
      idempotencyKey: `oqs-file-${createHash('sha256').update(`${file.kind}|${identity}`).digest('hex')}`,
      serviceDeadlineMs: this.options.serviceDeadlineMs ?? 10_000,
      medicalInstitutionCode: this.options.medicalInstitutionCode,
      now: this.now,
    };
    return HANDLERS[file.kind](ctx);
  }

  private deliver(key: string, requestName: string | null, rejection: string | null = null): void {
    try {
      const delivered = this.bundles.complete(key, requestName);
      this.blocked.delete(key);
      this.events.emit('answered', { request: requestName, delivered, rejection });
    } catch (error) {
      if (!hasErrorCode(error, ['DELIVERY_BLOCKED'])) throw error;
      if (!this.blocked.has(key)) this.log(error.message);
      this.blocked.set(key, requestName);
    }
  }

  private retryBlocked(): void {
    for (const [key, requestName] of [...this.blocked]) this.deliver(key, requestName);
  }
}
