import { CodedError } from '../../foundation/CodedError.ts';

/**
 * Why a request file was not answered with a normal result, and how the terminal says so. The numbers
 * (E0xxx) and the wording are ours: the real list is not public (research/terminal-files.md §4.5, §6).
 * - `file`: the file itself cannot be read as a request. The request is moved into `res` unchanged and a
 *   `<request name>.err` beside it says why (one UTF-8 line, `<code><TAB><message>`), as clinic software
 *   that watches for `.err` expects.
 * - `request`: the file is a readable request that cannot be answered. A result file with SegmentOfResult
 *   9 and the header's ErrorCode and ErrorMessage answers it, under the usual result name.
 */
export const REJECTIONS = {
  NOT_WELL_FORMED: { number: 'E0001', level: 'file', message: '要求XMLを解析できません' },
  WRONG_ENCODING: { number: 'E0002', level: 'file', message: '要求ファイルの文字コードが宣言と一致しないか、対応していません（UTF-8 または Shift_JIS）' },
  FILE_TOO_LARGE: { number: 'E0003', level: 'file', message: '要求ファイルが大きすぎます' },
  DOCTYPE_REFUSED: { number: 'E0004', level: 'file', message: 'DOCTYPE（DTD・実体宣言）を含む要求は受け付けません' },
  NOT_A_REGULAR_FILE: { number: 'E0005', level: 'file', message: '要求ファイルが通常のファイルではありません（シンボリックリンク等）' },
  UNSUPPORTED_KIND: { number: 'E0006', level: 'file', message: 'この種別の要求には対応していません' },
  RESULT_NAME_TAKEN: { number: 'E0007', level: 'file', message: '同じ名前の結果ファイルが res に残っています。別のファイル名で再送してください' },
  INTERNAL: { number: 'E0009', level: 'file', message: '資格確認端末の内部エラーです。要求は処理されていません。別のファイル名で再送してください' },
  SCHEMA_VIOLATION: { number: 'E0101', level: 'request', message: '要求の項目が不正です' },
  CLINIC_MISMATCH: { number: 'E0102', level: 'request', message: '医療機関コードが資格確認端末の設定と一致しません' },
  DUPLICATE_IDENTIFIER: { number: 'E0103', level: 'request', message: 'この任意ファイル識別子（ArbitraryFileIdentifier）は別の要求で使用済みです。新しい識別子で再送してください' },
  RECEPTION_UNKNOWN: { number: 'E0104', level: 'request', message: '受付番号が見つかりません' },
  BULK_TOO_LARGE: { number: 'E0105', level: 'request', message: '一括照会の件数が上限を超えています。分割して送信してください' },
  SERVICE_UNREACHABLE: { number: 'E0201', level: 'request', message: 'オンライン資格確認等システムに接続できません。しばらくしてから別のファイル名で再送してください' },
  SERVICE_REFUSED: { number: 'E0202', level: 'request', message: 'オンライン資格確認等システムが要求を受け付けませんでした' },
} as const;

export type RejectionCode = keyof typeof REJECTIONS;

export class RequestRejection extends CodedError<RejectionCode> {
  override readonly name = 'RequestRejection';

  /** `detail` is the part a vendor acts on: which line, which element, which limit. */
  constructor(code: RejectionCode, readonly detail: string, options: { cause?: unknown } = {}) {
    super(code, `${REJECTIONS[code].message}（${detail}）`, options);
  }

  get number(): string {
    return REJECTIONS[this.code].number;
  }

  get level(): 'file' | 'request' {
    return REJECTIONS[this.code].level;
  }
}
