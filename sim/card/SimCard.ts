import { constants, createHash, privateDecrypt, privateEncrypt, randomBytes, type KeyObject } from 'node:crypto';
import { encodeResponseApdu, SW } from '../../device/card/Apdu.ts';
import { encodeSha256DigestInfo } from '../../device/mynacard/signChallenge.ts';
import { parseCardCommand, type CardCommand } from './parseCardCommand.ts';
import { ReaderAuthenticationState } from './ReaderAuthenticationState.ts';
import type { AccessRule, CardManager, SimApplication, SimFile, SimPin } from './SimFile.ts';
import { signPssOverHash } from './signPss.ts';

export type { AccessRule, CardManager, KeyUse, SessionKeyRule, SimApplication, SimFile, SimPin } from './SimFile.ts';

/** Status words the card OS gives beyond device/card/Apdu.ts's SW (card-protocol.md §1.8, docs/card.md). */
const SW_CARD = {
  FILE_STRUCTURE: 0x6981,
  NO_CURRENT_EF: 0x6986,
  RECORD_NOT_FOUND: 0x6a83,
  INCORRECT_DATA: 0x6a80,
  SM_NOT_SUPPORTED_FOR_SELECT: 0x6882,
  SM_NO_SESSION: 0x69fc,
  CHAINING_NOT_SUPPORTED: 0x6884,
  SESSION_KEY_REFUSED: 0x66f1,
  NO_PRECISE_DIAGNOSIS: 0x6f00,
} as const;

/**
 * Whether a SELECT by DF name keeps the PINs verified so far. `keep` (default) is what MC's README
 * reports of real cards ("until the card leaves the field"); `clear` is what OpenSC ≥ 0.24's logout
 * assumes. Either way a reset clears them.
 */
export type SecurityStatusOnSelect = 'keep' | 'clear';

export interface SimCardOsOptions {
  /** The reader authority the card trusts for reader authentication (ours); null: a card without it. */
  readerAuthority?: KeyObject | null;
  securityStatusOnSelect?: SecurityStatusOnSelect;
  /** The card manager: MF-level files, GET DATA objects, the ISD's AID. Default: none of them. */
  manager?: CardManager;
}

function startsWith(name: Uint8Array, prefix: Uint8Array): boolean {
  return prefix.length <= name.length && prefix.every((x, i) => x === name[i]);
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

const respond = (sw: number, data: Uint8Array = new Uint8Array(0)) => encodeResponseApdu({ data, sw });

/** The MF-level state as an application-shaped value: the card manager's files, no keys of its own. */
const MF_NAME = 'mf';

/** One DF name the card answers SELECT to, in the order "next occurrence" walks them. */
interface DfName {
  aid: Uint8Array;
  /** The application, or the MF-level state (the ISD). */
  target: SimApplication;
}

/**
 * The APDU-level card OS of the simulated マイナンバーカード: the card manager and five applications,
 * EFs with access rules, PIN retry counters, signing, GET DATA, GET CHALLENGE and the answers a real
 * card gives to what it does not do. Synchronous and in memory, so the in-process reader is fast and the
 * vpcd bridge answers pcscd's polls at once. Every status word is in docs/card.md with its source, or
 * marked ours.
 */
export class SimCard {
  private readonly mf: SimApplication;
  private readonly dfNames: DfName[];
  private readonly manager: CardManager;
  private current: SimApplication;
  private currentDf: DfName | undefined;
  private currentFile: number | undefined;
  /** Verified key EFs, as `app:ef`; kept until reset (or until the next SELECT by DF name, when `clear`). */
  private verified = new Set<string>();
  /** Whether an application was selected since reset: `00 A4 00 00` answers 6A86 straight after a cold reset. */
  private selectedSinceReset = false;
  private readonly onSelect: SecurityStatusOnSelect;
  /** Reader authentication in the JPKI AP (ours); ended by any SELECT by DF name, a reset or its one signature. */
  private readonly reader: ReaderAuthenticationState | undefined;
  /**
   * An iPhone's holder authenticated on the phone for the next signature. The phone's state, not the
   * secure element's session: a reset (the phone entering the reader's field) keeps it; a signature uses it.
   */
  private deviceAuthentication = false;

  constructor(
    readonly atr: Uint8Array,
    private readonly applications: SimApplication[],
    options: SimCardOsOptions = {},
  ) {
    this.reader = options.readerAuthority ? new ReaderAuthenticationState(options.readerAuthority) : undefined;
    this.onSelect = options.securityStatusOnSelect ?? 'keep';
    this.manager = options.manager ?? { aids: [], files: new Map(), objects: new Map() };
    this.mf = { name: MF_NAME, aid: new Uint8Array(0), files: this.manager.files, sessionKey: { kind: 'refuse', sw: SW.SECURITY_STATUS_NOT_SATISFIED } };
    this.dfNames = [...applications.map((target) => ({ aid: target.aid, target })), ...this.manager.aids.map((aid) => ({ aid, target: this.mf }))].sort((a, b) => compareBytes(a.aid, b.aid));
    this.current = this.mf;
  }

  reset(): void {
    this.current = this.mf;
    this.currentDf = undefined;
    this.currentFile = undefined;
    this.verified = new Set();
    this.selectedSinceReset = false;
    this.reader?.clear();
  }

  /** Process one raw command APDU and return the raw response (data + SW1 SW2). Never throws. */
  transmit(raw: Uint8Array): Uint8Array {
    const command = parseCardCommand(raw);
    if (!command) return respond(SW.WRONG_LENGTH);
    try {
      return this.dispatch(command);
    } catch {
      return respond(SW_CARD.NO_PRECISE_DIAGNOSIS);
    }
  }

  /** Lever of a simulated iPhone: the holder passed Face ID / Touch ID; the key signs once. */
  authenticateOnDevice(): void {
    this.deviceAuthentication = true;
  }

  /** Whether an on-device authentication waits for its signature (tests, the control panel). */
  get deviceAuthenticated(): boolean {
    return this.deviceAuthentication;
  }

  /** Test lever: a PIN EF's state in an application, for assertions. */
  pinState(appName: string, ef: number): SimPin | undefined {
    const file = this.applications.find((a) => a.name === appName)?.files.get(ef);
    return file?.kind === 'pin' ? { ...file.pin } : undefined;
  }

  private dispatch(c: CardCommand): Uint8Array {
    const { cla, ins } = c;
    // Secure messaging without a session: SELECT refuses the class, everything else the missing session (MC).
    if (cla === 0x08 || cla === 0x0c) return respond(ins === 0xa4 ? SW_CARD.SM_NOT_SUPPORTED_FOR_SELECT : SW_CARD.SM_NO_SESSION);
    const chainedPso = cla === 0x10 && ins === 0x2a && c.p1 === 0x00 && c.p2 === 0xbe;
    if (cla === 0x10) {
      if (!(chainedPso && this.inJpki() && this.reader)) return respond(SW_CARD.CHAINING_NOT_SUPPORTED);
    } else if (cla !== 0x00 && cla !== 0x80) return respond(SW.CLA_NOT_SUPPORTED);
    // Any other command breaks a certificate chain in progress.
    if (!(ins === 0x2a && c.p2 === 0xbe)) this.reader?.breakChain();
    switch (ins) {
      case 0xa4:
        return this.select(c);
      case 0xb0:
        return this.readBinary(c);
      case 0xb2:
        return this.readRecord(c);
      case 0x20:
        return this.verify(c);
      case 0x24:
        return this.changePin(c, 'referenceData');
      case 0x32:
        return this.changePin(c, 'key');
      case 0x2a:
        if (cla === 0x80) return this.sign(c);
        return this.performSecurityOperation(c, chainedPso);
      case 0x88:
        return this.internalAuthenticate(c);
      case 0x84:
        return this.getChallenge(c);
      case 0x82:
        return this.externalAuthenticate(c);
      case 0xca:
        return this.getData(c);
      case 0xae:
        return this.setSessionKey(c);
      case 0xa2: // SET PUBLIC IC KEY (CV certificate): no P1P2 MC tried succeeded on any card
        return respond(SW.INCORRECT_P1P2);
      case 0xfc: // a スマホ用電子証明書 command: the physical card refuses its length
        return respond(SW.WRONG_LENGTH);
      case 0x8a: // MANAGE ATTRIBUTES: P1 22/24 reach the issuer's security check (MC), the rest are bad parameters
        return respond(c.p1 === 0x22 || c.p1 === 0x24 ? SW.SECURITY_STATUS_NOT_SATISFIED : SW.INCORRECT_P1P2);
      // LOCK/UNLOCK DF and KEY, ERASE ALL RECORDS (JICSAP), and the write commands: an issued card allows none (ours).
      case 0x50:
      case 0x52:
      case 0x54:
      case 0x06:
      case 0x0e:
      case 0xd0:
      case 0xd2:
      case 0xd6:
      case 0xdc:
      case 0xe2:
        return respond(SW.SECURITY_STATUS_NOT_SATISFIED);
      case 0xc0: // GET RESPONSE: the card never answers 61xx, so there is nothing to get (ours)
        return respond(SW.CONDITIONS_NOT_SATISFIED);
      default:
        return respond(SW.INS_NOT_SUPPORTED);
    }
  }

  private inJpki(): boolean {
    return this.current.name === 'jpki';
  }

  private key(app: SimApplication, ef: number): string {
    return `${app.name}:${ef}`;
  }

  private enterDf(df: DfName | undefined, target: SimApplication): void {
    this.current = target;
    this.currentDf = df;
    this.currentFile = undefined;
    if (this.onSelect === 'clear') this.verified = new Set();
    this.reader?.clear();
    if (target !== this.mf) this.selectedSinceReset = true;
  }

  private select(c: CardCommand): Uint8Array {
    const data = c.data ?? new Uint8Array(0);
    if (c.p1 === 0x04) {
      // P2: b1–b2 occurrence (00 first, 10 next), b3–b4 what to return; the card returns no FCI either way (ours).
      if (c.p2 & 0xf0) return respond(SW.INCORRECT_P1P2);
      const occurrence = c.p2 & 0x03;
      if (occurrence !== 0 && occurrence !== 2) return respond(SW.INCORRECT_P1P2);
      if (data.length === 0) {
        // No name: the card manager (ours, as selecting the ISD).
        this.enterDf(undefined, this.mf);
        return respond(SW.OK);
      }
      if (data.length > 16) return respond(SW.WRONG_LENGTH);
      // JICSAP: a name selects the first DF whose name starts with it; "next" walks on from the current DF.
      const after = occurrence === 2 && this.currentDf ? this.dfNames.indexOf(this.currentDf) : -1;
      const df = this.dfNames.find((d, i) => i > after && startsWith(d.aid, data));
      if (!df) return respond(SW.FILE_NOT_FOUND);
      this.enterDf(df, df.target);
      return respond(SW.OK);
    }
    if (c.p1 === 0x02) {
      if (data.length !== 2) return respond(SW.WRONG_LENGTH);
      const fid = (data[0]! << 8) | data[1]!;
      if (!this.current.files.has(fid)) return respond(SW.FILE_NOT_FOUND);
      this.currentFile = fid;
      return respond(SW.OK);
    }
    if (c.p1 === 0x00) {
      // "Select MF": refused straight after reset; with an AP current it answers 9000 and changes nothing (MC).
      if (data.length === 0) return respond(this.selectedSinceReset && this.current !== this.mf ? SW.OK : SW.INCORRECT_P1P2);
      return respond(SW.FILE_NOT_FOUND); // 3F00 (or anything) by FID under P1 00
    }
    return respond(SW.INCORRECT_P1P2); // select by path (08/09) and the rest: ours
  }

  /** Resolve the EF a command addresses: a short EF id when given, else the current EF; a short id makes it current. */
  private target(shortId: number | undefined): { fid: number; file: SimFile } | 'noCurrent' | 'notFound' {
    const fid = shortId ?? this.currentFile;
    if (fid === undefined) return 'noCurrent';
    const file = this.current.files.get(fid);
    if (!file) return 'notFound';
    if (shortId !== undefined) this.currentFile = fid;
    return { fid, file };
  }

  private allowed(rule: AccessRule): boolean {
    return rule === 'free' || rule.anyOf.some((ef) => this.verified.has(this.key(this.current, ef)));
  }

  private readBinary(c: CardCommand): Uint8Array {
    const bySfi = (c.p1 & 0x80) !== 0;
    if (bySfi && (c.p1 & 0x60) !== 0) return respond(SW.INCORRECT_P1P2);
    const target = this.target(bySfi ? c.p1 & 0x1f : undefined);
    if (target === 'noCurrent') return respond(SW_CARD.NO_CURRENT_EF);
    if (target === 'notFound') return respond(SW.FILE_NOT_FOUND);
    if (target.file.kind !== 'binary') return respond(SW_CARD.FILE_STRUCTURE);
    if (c.data || c.le === undefined) return respond(SW.WRONG_LENGTH);
    if (!this.allowed(target.file.read)) return respond(SW.SECURITY_STATUS_NOT_SATISFIED);
    const offset = bySfi ? c.p2 : ((c.p1 & 0x7f) << 8) | c.p2;
    const data = target.file.data;
    if (offset >= data.length) return respond(SW.WRONG_OFFSET);
    // Crossing the end of file gives a short read (JICSAP 6.4.1(4)).
    return respond(SW.OK, data.subarray(offset, Math.min(data.length, offset + c.le)));
  }

  private readRecord(c: CardCommand): Uint8Array {
    const sfi = c.p2 >> 3;
    const mode = c.p2 & 0x07;
    if (mode !== 0x04 && mode !== 0x05) return respond(SW.INCORRECT_P1P2);
    const target = this.target(sfi !== 0 ? sfi : undefined);
    if (target === 'noCurrent') return respond(SW_CARD.NO_CURRENT_EF);
    if (target === 'notFound') return respond(SW.FILE_NOT_FOUND);
    if (target.file.kind !== 'record') return respond(SW_CARD.FILE_STRUCTURE);
    if (!this.allowed(target.file.read)) return respond(SW.SECURITY_STATUS_NOT_SATISFIED);
    const records = target.file.records;
    if (c.p1 === 0 || c.p1 > records.length) return respond(SW_CARD.RECORD_NOT_FOUND);
    // 05: from record P1 to the last, concatenated (ours; JICSAP 6.4.4 names the mode).
    const chosen = mode === 0x04 ? [records[c.p1 - 1]!] : records.slice(c.p1 - 1);
    const bytes = Buffer.concat(chosen);
    return respond(SW.OK, bytes.subarray(0, c.le ?? 256));
  }

  /** The key EF a VERIFY, CHANGE, sign or INTERNAL AUTHENTICATE addresses by P2: 80 current, 80|sfi short id. */
  private keyTarget(p2: number): ReturnType<SimCard['target']> | 'badP2' {
    if ((p2 & 0x80) === 0 || (p2 & 0x60) !== 0) return 'badP2';
    return this.target(p2 === 0x80 ? undefined : p2 & 0x1f);
  }

  private verify(c: CardCommand): Uint8Array {
    if (c.p1 !== 0x00) return respond(SW.INCORRECT_P1P2);
    const target = this.keyTarget(c.p2);
    if (target === 'badP2') return respond(SW.INCORRECT_P1P2);
    if (typeof target === 'string') return respond(SW.CONDITIONS_NOT_SATISFIED);
    const { file, fid } = target;
    if (file.kind === 'lockedKey') return respond(c.data ? SW.PIN_BLOCKED : 0x63c0);
    if (file.kind !== 'pin') return respond(SW.CONDITIONS_NOT_SATISFIED); // not a key EF (ours)
    const pin = file.pin;
    if (!c.data) {
      // Ours for a key with no PIN set: 6984, which a blocked key never answers to the query.
      if (pin.value === null) return respond(SW.PIN_BLOCKED);
      return respond(0x63c0 | pin.triesLeft);
    }
    if (pin.value === null || pin.triesLeft === 0) return respond(SW.PIN_BLOCKED);
    const key = this.key(this.current, fid);
    if (new TextDecoder().decode(c.data) === pin.value) {
      pin.triesLeft = pin.maxTries;
      this.verified.add(key);
      return respond(SW.OK);
    }
    pin.triesLeft -= 1;
    this.verified.delete(key);
    return respond(0x63c0 | pin.triesLeft);
  }

  /** CHANGE REFERENCE DATA (00 24 01 80) or JICSAP CHANGE KEY (80 32 00 80), after a VERIFY of that key. */
  private changePin(c: CardCommand, how: 'referenceData' | 'key'): Uint8Array {
    if (c.p1 !== (how === 'referenceData' ? 0x01 : 0x00)) return respond(SW.INCORRECT_P1P2);
    const target = this.keyTarget(c.p2);
    if (target === 'badP2') return respond(SW.INCORRECT_P1P2);
    if (typeof target === 'string') return respond(SW.CONDITIONS_NOT_SATISFIED);
    const { file, fid } = target;
    if (file.kind !== 'pin' || file.pin.change !== how) return respond(SW.SECURITY_STATUS_NOT_SATISFIED);
    if (!c.data) return respond(SW.WRONG_LENGTH);
    if (!this.verified.has(this.key(this.current, fid))) return respond(SW.SECURITY_STATUS_NOT_SATISFIED);
    file.pin.value = new TextDecoder().decode(c.data);
    return respond(SW.OK);
  }

  /** COMPUTE DIGITAL SIGNATURE (80 2A P1 P2): JPKI keys after their PIN; the 券面 and 入力補助 AP keys with P2 00, freely. */
  private sign(c: CardCommand): Uint8Array {
    const target = c.p2 === 0x00 && this.current.signingKeyEf !== undefined ? this.target(this.current.signingKeyEf) : this.keyTarget(c.p2);
    if (target === 'badP2') return respond(SW.INCORRECT_P1P2);
    if (typeof target === 'string' || target.file.kind !== 'key' || target.file.use.kind === 'internalAuthenticate') return respond(SW.CONDITIONS_NOT_SATISFIED);
    const { key, use } = target.file;
    const data = c.data ?? new Uint8Array(0);
    if (use.kind === 'apSignature') {
      if (c.p1 !== 0x00) return respond(SW.INCORRECT_P1P2);
      if (data.length < 1 || data.length > 245) return respond(SW.WRONG_LENGTH);
      return respond(SW.OK, new Uint8Array(privateEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, data)));
    }
    // The PIN verified, or (利用者証明用 key only) an authenticated reader for this one signature. A key
    // whose PIN is not set (顔認証マイナンバーカード) signs only the second way.
    // An iPhone's key (ours): no PIN; it signs once after the phone authenticated its holder.
    const deviceVouches = use.deviceAuthenticated === true;
    if (deviceVouches && !this.deviceAuthentication) return respond(SW.SECURITY_STATUS_NOT_SATISFIED);
    const pinVerified = !deviceVouches && this.verified.has(this.key(this.current, use.pinEf));
    const readerVouches = !deviceVouches && !pinVerified && use.readerMayUse === true && this.reader?.authenticated === true;
    if (!deviceVouches && !pinVerified && !readerVouches) return respond(SW.SECURITY_STATUS_NOT_SATISFIED);
    let signature: Uint8Array;
    switch (c.p1) {
      case 0x00: // pad the data as given
        if (data.length < 1 || data.length > 245) return respond(SW.WRONG_LENGTH);
        signature = privateEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, data);
        break;
      case 0x01: // SHA-256 of the data, signed bare
        signature = privateEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, createHash('sha256').update(data).digest());
        break;
      case 0x02: // a 32-byte hash, wrapped in a DigestInfo
        if (data.length !== 32) return respond(SW.WRONG_LENGTH);
        signature = privateEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, Uint8Array.from([...encodeSha256DigestInfo(new Uint8Array(0)).subarray(0, 19), ...data]));
        break;
      case 0x03: // SHA-256 of the data, wrapped in a DigestInfo
        signature = privateEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, encodeSha256DigestInfo(data));
        break;
      case 0x04: // RSASSA-PSS over a 32-byte hash
        if (data.length !== 32) return respond(SW.WRONG_LENGTH);
        signature = signPssOverHash(key, data);
        break;
      case 0x05: // SHA-256 of the data, then RSASSA-PSS
        signature = signPssOverHash(key, createHash('sha256').update(data).digest());
        break;
      default:
        return respond(SW.INCORRECT_P1P2);
    }
    if (readerVouches) this.reader!.consume();
    if (deviceVouches) this.deviceAuthentication = false;
    return respond(SW.OK, new Uint8Array(signature));
  }

  /** PSO: VERIFY CERTIFICATE (00 2A 00 BE) is reader authentication (ours); any other PSO is refused by its parameters. */
  private performSecurityOperation(c: CardCommand, chained: boolean): Uint8Array {
    if (c.p1 === 0x00 && c.p2 === 0xbe && this.inJpki() && this.reader) return respond(this.reader.verifyCertificate(c.data, chained));
    return respond(SW.INCORRECT_P1P2);
  }

  /** INTERNAL AUTHENTICATE (00 88 00 P2): 共通AP 0019 signs DigestInfo(SHA-256(challenge)) with no credential (MC). */
  private internalAuthenticate(c: CardCommand): Uint8Array {
    if (c.p1 !== 0x00) return respond(SW.INCORRECT_P1P2);
    const target = this.keyTarget(c.p2);
    if (target === 'badP2') return respond(SW.INCORRECT_P1P2);
    if (typeof target === 'string' || target.file.kind !== 'key') return respond(SW.CONDITIONS_NOT_SATISFIED);
    const { key, use } = target.file;
    if (use.kind === 'jpki') return respond(SW.SECURITY_STATUS_NOT_SATISFIED); // behind a PIN
    if (use.kind === 'apSignature') return respond(SW.CONDITIONS_NOT_SATISFIED);
    const challenge = c.data ?? new Uint8Array(0);
    if (challenge.length < 1 || challenge.length > 255) return respond(SW.WRONG_LENGTH);
    return respond(SW.OK, new Uint8Array(privateEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, encodeSha256DigestInfo(challenge))));
  }

  /** GET CHALLENGE (00 84 00 00 Le): Le random bytes, at MF level and in every AP (MC). */
  private getChallenge(c: CardCommand): Uint8Array {
    if (c.p1 !== 0x00 || c.p2 !== 0x00) return respond(SW.INCORRECT_P1P2);
    if (c.data || c.le === undefined) return respond(SW.WRONG_LENGTH);
    if (c.extended) return respond(SW.CONDITIONS_NOT_SATISFIED);
    const nonce = new Uint8Array(randomBytes(c.le));
    // In the JPKI AP the last challenge is what EXTERNAL AUTHENTICATE answers (reader authentication, ours).
    if (this.inJpki()) this.reader?.rememberChallenge(nonce);
    return respond(SW.OK, nonce);
  }

  /** EXTERNAL AUTHENTICATE (00 82 00 00): reader authentication in the JPKI AP (ours); elsewhere refused (ours). */
  private externalAuthenticate(c: CardCommand): Uint8Array {
    if (c.p1 !== 0x00 || c.p2 !== 0x00) return respond(SW.INCORRECT_P1P2);
    if (!this.inJpki() || !this.reader) return respond(SW.SECURITY_STATUS_NOT_SATISFIED);
    return respond(this.reader.externalAuthenticate(c.data));
  }

  /** GET DATA (00 CA tag): the card manager's objects at MF level; in an AP only the contact ATR (5F51). */
  private getData(c: CardCommand): Uint8Array {
    const tag = (c.p1 << 8) | c.p2;
    const value = this.current === this.mf || tag === 0x5f51 ? this.manager.objects.get(tag) : undefined;
    if (!value) return respond(SW.DATA_NOT_AVAILABLE);
    // An object longer than Le (a short Le for the 563-byte CV certificate) is refused, not cut (MC).
    if (c.data || c.le === undefined || c.le < value.length) return respond(SW.WRONG_LENGTH);
    return respond(SW.OK, value);
  }

  /** SET SESSION KEY (80 AE 00 00): secure messaging exists on the 券面事項入力補助AP only (MC `sm.rs`). */
  private setSessionKey(c: CardCommand): Uint8Array {
    const rule = this.current.sessionKey;
    if (rule.kind === 'refuse') return respond(rule.sw);
    if (!this.verified.has(this.key(this.current, rule.pinEf))) return respond(SW.SECURITY_STATUS_NOT_SATISFIED);
    const ciphertext = c.data ?? new Uint8Array(0);
    const modulusBytes = rule.key.asymmetricKeyDetails!.modulusLength! / 8;
    if (ciphertext.length !== modulusBytes) return respond(SW_CARD.INCORRECT_DATA);
    let plain: Buffer;
    try {
      plain = privateDecrypt({ key: rule.key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, ciphertext);
    } catch {
      // A ciphertext not below the modulus is no RSA input at all (MC: 6F00); anything else is bad data.
      return respond(Buffer.from(ciphertext).compare(Buffer.from(rule.key.export({ format: 'jwk' }).n!, 'base64url')) >= 0 ? SW_CARD.NO_PRECISE_DIAGNOSIS : SW_CARD.INCORRECT_DATA);
    }
    // A0 22 80 20 <32-byte session key>, MC's form.
    const wellFormed = plain.length === 36 && plain[0] === 0xa0 && plain[1] === 0x22 && plain[2] === 0x80 && plain[3] === 0x20;
    return respond(wellFormed ? SW.OK : SW_CARD.INCORRECT_DATA);
  }
}

