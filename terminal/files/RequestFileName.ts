/*
 * File names of the interface (research/terminal-files.md §1.2, §1.3): `OQS` + si|mu + the business
 * (quc 資格確認, imm 照会番号登録) + a 2-digit step + req|res + `_` + the client's suffix. The result keeps the
 * request's suffix, so a client finds it by name; the terminal does not insist on the 12-digit suffix
 * public clients use.
 */

export const REQUEST_KINDS = ['OQSsiquc01', 'OQSmuquc01', 'OQSmuquc02', 'OQSsiimm01'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

/** Any OQS request name: the terminal answers these (an unsupported kind with an .err) and ignores the rest, temp files included. */
const REQUEST_NAME = /^(OQS(?:si|mu)[a-z]{3}\d{2})req_([A-Za-z0-9_-]{1,64})\.xml$/;

export interface RequestFileName {
  name: string;
  /** e.g. OQSsiquc01 */
  prefix: string;
  suffix: string;
  kind: RequestKind | null;
  /** OQSsiquc01res_<suffix>.xml */
  resultName: string;
  /** OQSsiquc01req_<suffix>.err: beside the request moved into res when the file cannot be read. */
  errorName: string;
}

export function parseRequestFileName(name: string): RequestFileName | null {
  const m = REQUEST_NAME.exec(name);
  if (!m) return null;
  const prefix = m[1]!;
  const suffix = m[2]!;
  return {
    name,
    prefix,
    suffix,
    kind: (REQUEST_KINDS as readonly string[]).includes(prefix) ? (prefix as RequestKind) : null,
    resultName: `${prefix}res_${suffix}.xml`,
    errorName: `${prefix}req_${suffix}.err`,
  };
}

export function isRequestFileName(name: string): boolean {
  return REQUEST_NAME.test(name);
}
