/**
 * The outage cases, numbered as on the seed document's first slide (eligibility-and-outage.md §3.1):
 * - case1: time lag after a job change; the new qualification is not in the system yet;
 * - case2: 「資格（無効）」 / 「資格情報なし」 while the insurer is still registering;
 * - readerFault (3-1): the 顔認証付きカードリーダー (reader, camera) fails;
 * - cardDefect (3-2): 券面汚損, ICチップ破損, 電子証明書の有効期限切れ;
 * - terminalFault (3-3): the 資格確認端末 fails;
 * - networkDown (3-4): power cut, facility or wide-area network failure.
 */
export const OUTAGE_CASES = ['case1', 'case2', 'readerFault', 'cardDefect', 'terminalFault', 'networkDown'] as const;
export type OutageCase = (typeof OUTAGE_CASES)[number];

export const OUTAGE_CASE_NUMBER: Record<OutageCase, string> = {
  case1: '1',
  case2: '2',
  readerFault: '3-1',
  cardDefect: '3-2',
  terminalFault: '3-3',
  networkDown: '3-4',
};

/** Whether the オンライン資格確認等システム is reachable in this case (§3.4): it decides whether staff can look the patient up now. */
export const SERVICE_REACHABLE: Record<OutageCase, boolean> = {
  case1: true,
  case2: true,
  readerFault: true,
  cardDefect: true,
  terminalFault: false,
  networkDown: false,
};

/** マイナポータル needs the card's certificate: not possible with a defective card (「※3-2は不可」, §3.2). */
export function mynaPortalAllowed(outageCase: OutageCase): boolean {
  return outageCase !== 'cardDefect';
}
