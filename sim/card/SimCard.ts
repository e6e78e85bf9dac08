import { createHash, privateEncrypt, constants, type KeyObject } from 'node:crypto';
import { encodeResponseApdu, parseCommandApdu, SW, type CommandApdu } from '../../device/card/Apdu.ts';
import { encodeSha256DigestInfo } from '../../device/mynacard/signChallenge.ts';
import { ReaderAuthenticationState } from './ReaderAuthenticationState.ts';

/** Who may read a binary EF: anyone, or whoever verified one of these PIN EFs of the same AP. */
export type AccessRule = 'free' | { anyOf: number[] };

export type SimFile =
  | { kind: 'binary'; data: Uint8Array; read: AccessRule }
  | { kind: 'record'; records: Uint8Array[]; read: AccessRule }
  | { kind: 'pin'; pin: SimPin }
  /** `readerMayUse`: an authenticated reader may have it sign once without the PIN (the 利用者証明用 key only). */
  | { kind: 'key'; key: KeyObject; pinEf: number; readerMayUse?: boolean };

/** A PIN with its retry counter. `value` null: no PIN set (顔認証マイナンバーカード). */
export interface SimPin {
  value: string | null;
  triesLeft: number;
  maxTries: number;
}

export interface SimApplication {
  name: string;
  aid: Uint8Array;
  files: Map<number, SimFile>;
}

/** One command seen by the card, for traces (the PIN is never part of it: see redactCommand). */
export type CardOsListener = (command: Uint8Array, response: Uint8Array) => void;

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

const respond = (sw: number, data: Uint8Array = new Uint8Array(0)) => encodeResponseApdu({ data, sw });


/**
 * The APDU-level card OS of the simulated マイナンバーカード: applications, EFs with access rules,
 * PIN retry counters, signing. Synchronous and pure in-memory, so the in-process reader is fast and
 * the vpcd bridge answers pcscd's polls at once. Status words follow card-protocol.md §1.8.
 */
export class SimCard {
  private current: SimApplication | undefined;
  private currentFile: number | undefined;
  /** PIN EFs verified in the current application; cleared by reset and by re-selecting an AP. */
  private verified = new Set<number>();
  /** Whether anything was selected since reset: `00 A4 00 00` answers 6A86 straight after a cold reset. */
  private selectedSinceReset = false;
  /** Reader authentication in the JPKI AP (ours, device/mynacard/readerAuthentication.ts); cleared with the selection. */
  private readonly reader: ReaderAuthenticationState | undefined;

  /**
   * `readerAuthority`: the public key of the reader authority the card trusts; null for a card that does
   * not know reader authentication (it answers 6D00, like a card whose OS predates it).
   */
  constructor(
    readonly atr: Uint8Array,
    private readonly applications: SimApplication[],
    readerAuthority: KeyObject | null = null,
  ) {
    this.reader = readerAuthority ? new ReaderAuthenticationState(readerAuthority) : undefined;
  }

  reset(): void {
    this.current = undefined;
    this.currentFile = undefined;
    this.verified = new Set();
    this.selectedSinceReset = false;
    this.reader?.clear();
  }

  /** Process one raw command APDU and return the raw response (data + SW1 SW2). Never throws. */
  transmit(raw: Uint8Array): Uint8Array {
    const command = parseCommandApdu(raw);
    if (!command) return respond(SW.WRONG_LENGTH);
    // CLA 10: command chaining, for the reader certificate only.
    const chained = command.cla === 0x10 && command.ins === 0x2a && command.p1 === 0x00 && command.p2 === 0xbe;
    if (command.cla !== 0x00 && command.cla !== 0x80 && !chained) return respond(command.cla === 0x08 ? 0x69fc : SW.CLA_NOT_SUPPORTED);
    // Any other command breaks a chain in progress.
    if (!(command.ins === 0x2a && command.p2 === 0xbe)) this.reader?.breakChain();
    switch (command.ins) {
      case 0xa4:
        return this.select(command);
      case 0xb0:
        return this.readBinary(command);
      case 0xb2:
        return this.readRecord(command);
      case 0x20:
        return this.verify(command);
      case 0x24:
        return this.changePin(command);
      case 0x2a:
        if (command.cla === 0x80) return this.sign(command);
        if (command.p1 === 0x00 && command.p2 === 0xbe) return this.inJpki() && this.reader ? respond(this.reader.verifyCertificate(command.data, chained)) : respond(SW.INS_NOT_SUPPORTED);
        return respond(SW.INS_NOT_SUPPORTED);
      case 0x84:
        if (!this.inJpki() || !this.reader) return respond(SW.INS_NOT_SUPPORTED);
        if (command.p1 !== 0x00 || command.p2 !== 0x00 || command.data) return respond(SW.INCORRECT_P1P2);
        return this.reader.challenge(command.le ?? 0, respond);
      case 0x82:
        if (!this.inJpki() || !this.reader) return respond(SW.INS_NOT_SUPPORTED);
        if (command.p1 !== 0x00 || command.p2 !== 0x00) return respond(SW.INCORRECT_P1P2);
        return respond(this.reader.externalAuthenticate(command.data));
      case 0xca:
        return respond(SW.DATA_NOT_AVAILABLE);
      default:
        return respond(SW.INS_NOT_SUPPORTED);
    }
  }

  /** Test lever: tries left on a PIN EF of an application, for assertions. */
  pinState(appName: string, ef: number): SimPin | undefined {
    const file = this.applications.find((a) => a.name === appName)?.files.get(ef);
    return file?.kind === 'pin' ? { ...file.pin } : undefined;
  }

  private inJpki(): boolean {
    return this.current?.name === 'jpki';
  }

  private select(c: CommandApdu): Uint8Array {
    const data = c.data ?? new Uint8Array(0);
    if (c.p1 === 0x04) {
      const app = this.applications.find((a) => sameBytes(a.aid, data));
      if (!app) return respond(SW.FILE_NOT_FOUND);
      this.current = app;
      this.currentFile = undefined;
      this.verified = new Set();
      this.reader?.clear();
      this.selectedSinceReset = true;
      return respond(SW.OK);
    }
    if (c.p1 === 0x00 && data.length === 0) return respond(this.selectedSinceReset && this.current ? SW.OK : SW.INCORRECT_P1P2);
    if (c.p1 === 0x02 && data.length === 2) {
      const fid = (data[0]! << 8) | data[1]!;
      if (!this.current || !this.current.files.has(fid)) return respond(SW.FILE_NOT_FOUND);
      this.currentFile = fid;
      return respond(SW.OK);
    }
    if (c.p1 === 0x00 && data.length === 2) return respond(SW.FILE_NOT_FOUND); // 3F00 by FID on a real card
    return respond(SW.INCORRECT_P1P2);
  }

  /** Resolve the EF a command addresses: P-byte with bit 8 set carries a short EF id, otherwise the current EF. */
  private target(shortId: number | undefined): { fid: number; file: SimFile } | undefined {
    const fid = shortId ?? this.currentFile;
    if (fid === undefined || !this.current) return undefined;
    const file = this.current.files.get(fid);
    if (!file) return undefined;
    if (shortId !== undefined) this.currentFile = fid;
    return { fid, file };
  }

  private allowed(rule: AccessRule): boolean {
    return rule === 'free' || rule.anyOf.some((ef) => this.verified.has(ef));
  }

  private readBinary(c: CommandApdu): Uint8Array {
    const bySfi = (c.p1 & 0x80) !== 0;
    const target = this.target(bySfi ? c.p1 & 0x1f : undefined);
    if (!target) return respond(SW.FILE_NOT_FOUND);
    if (target.file.kind !== 'binary') return respond(0x6981); // command incompatible with file structure
    if (!this.allowed(target.file.read)) return respond(SW.SECURITY_STATUS_NOT_SATISFIED);
    if (c.data) return respond(SW.WRONG_LENGTH);
    const offset = bySfi ? c.p2 : ((c.p1 & 0x7f) << 8) | c.p2;
    const data = target.file.data;
    if (offset >= data.length) return respond(SW.WRONG_OFFSET);
    const le = c.le ?? 256;
    // Crossing the end of file gives a short read (JICSAP 6.4.1(4)).
    return respond(SW.OK, data.subarray(offset, Math.min(data.length, offset + le)));
  }

  private readRecord(c: CommandApdu): Uint8Array {
    const sfi = c.p2 >> 3;
    const target = this.target(sfi !== 0 ? sfi : undefined);
    if (!target || target.file.kind !== 'record') return respond(SW.FILE_NOT_FOUND);
    if (!this.allowed(target.file.read)) return respond(SW.SECURITY_STATUS_NOT_SATISFIED);
    const record = target.file.records[c.p1 - 1];
    if (!record) return respond(0x6a83);
    return respond(SW.OK, record.subarray(0, c.le ?? 256));
  }

  private pinTarget(c: CommandApdu): { fid: number; pin: SimPin } | undefined {
    if (c.p1 !== 0x00 && c.ins === 0x20) return undefined;
    const target = this.target(c.p2 !== 0x80 && (c.p2 & 0x80) !== 0 ? c.p2 & 0x1f : undefined);
    if (!target || target.file.kind !== 'pin') return undefined;
    return { fid: target.fid, pin: target.file.pin };
  }

  private verify(c: CommandApdu): Uint8Array {
    const target = this.pinTarget(c);
    if (!target) return respond(SW.CONDITIONS_NOT_SATISFIED);
    const { pin, fid } = target;
    if (!c.data) {
      // Our choice for a key with no PIN set: 6984, which a blocked key never answers to the query.
      if (pin.value === null) return respond(SW.PIN_BLOCKED);
      return respond(0x63c0 | pin.triesLeft);
    }
    if (pin.value === null || pin.triesLeft === 0) return respond(SW.PIN_BLOCKED);
    if (new TextDecoder().decode(c.data) === pin.value) {
      pin.triesLeft = pin.maxTries;
      this.verified.add(fid);
      return respond(SW.OK);
    }
    pin.triesLeft -= 1;
    this.verified.delete(fid);
    return respond(0x63c0 | pin.triesLeft);
  }

  private changePin(c: CommandApdu): Uint8Array {
    const target = this.pinTarget(c);
    if (!target || c.p1 !== 0x01 || !c.data) return respond(SW.INCORRECT_P1P2);
    if (!this.verified.has(target.fid)) return respond(SW.SECURITY_STATUS_NOT_SATISFIED);
    target.pin.value = new TextDecoder().decode(c.data);
    return respond(SW.OK);
  }

  private sign(c: CommandApdu): Uint8Array {
    const target = this.target(c.p2 !== 0x80 && (c.p2 & 0x80) !== 0 ? c.p2 & 0x1f : undefined);
    if (!target || target.file.kind !== 'key') return respond(SW.CONDITIONS_NOT_SATISFIED);
    // The PIN verified, or (利用者証明用 key only) an authenticated reader for this one signature. A key
    // whose PIN is not set (顔認証マイナンバーカード) signs only the second way.
    const pinVerified = this.verified.has(target.file.pinEf);
    const readerVouches = !pinVerified && target.file.readerMayUse === true && this.reader?.authenticated === true;
    if (!pinVerified && !readerVouches) return respond(SW.SECURITY_STATUS_NOT_SATISFIED);
    const data = c.data ?? new Uint8Array(0);
    let toPad: Uint8Array;
    switch (c.p1) {
      case 0x00:
        if (data.length < 1 || data.length > 245) return respond(SW.WRONG_LENGTH);
        toPad = data;
        break;
      case 0x01:
        toPad = createHash('sha256').update(data).digest();
        break;
      case 0x02:
        if (data.length !== 32) return respond(SW.WRONG_LENGTH);
        toPad = Uint8Array.from([...encodeSha256DigestInfo(new Uint8Array(0)).subarray(0, 19), ...data]);
        break;
      case 0x03:
        toPad = encodeSha256DigestInfo(data);
        break;
      default:
        return respond(SW.INCORRECT_P1P2);
    }
    const signature = privateEncrypt({ key: target.file.key, padding: constants.RSA_PKCS1_PADDING }, toPad);
    if (readerVouches) this.reader!.consume();
    return respond(SW.OK, new Uint8Array(signature));
  }
}
