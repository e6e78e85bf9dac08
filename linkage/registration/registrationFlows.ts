import { matchCardFaceItems, type PersonItems } from '../../matching/matchCardFaceItems.ts';
import { acquireMyNumber } from '../insurer/acquireMyNumber.ts';
import type { InsurerPolicy } from '../insurer/InsurerPolicy.ts';
import { isValidMyNumber } from '../jlis/MyNumber.ts';
import type { ResidentRecord } from '../jlis/ResidentRecord.ts';
import type { SimulatedJlis } from '../jlis/SimulatedJlis.ts';
import type { LinkageRecord } from '../registry/LinkageRecord.ts';
import type { IntermediateServer } from './IntermediateServer.ts';
import type { RegistrationStep } from './RegistrationStep.ts';

/** One row of a 届出: the person's items as the form carries them, and the number written on it (or none). */
export interface NotificationRow {
  items: PersonItems & { nameKana: string; sex: ResidentRecord['sex'] };
  myNumber: string | null;
}

/** A 届出 at one insurer: 資格取得届, 被扶養者(異動)届 or 任意継続被保険者取得届. */
export interface Notification {
  insurer: InsurerPolicy;
  submittedOn: string;
  rows: NotificationRow[];
}

export interface PipelineContext {
  jlis: SimulatedJlis;
  server: IntermediateServer;
  nextLinkageId(): string;
}

/** What became of one row: the 中間サーバー's linkage (null: sent back, no number), and every hop's record. */
export interface RowRegistration {
  row: NotificationRow;
  linkage: LinkageRecord | null;
  trail: RegistrationStep[];
}

const FOUR_ITEMS = { combination: 'notationCombines', missingAddress: 'skip' } as const;

/** The 4 items of a row against a J-LIS answer by number (年金機構's confirmation). */
function confirmsRow(row: NotificationRow, resident: ResidentRecord | null): boolean {
  return resident !== null && matchCardFaceItems({ ...row.items, address: null }, resident, FOUR_ITEMS).matched;
}

function link(ctx: PipelineContext, n: Notification, row: NotificationRow, myNumber: string, role: LinkageRecord['role'], trail: RegistrationStep[]): LinkageRecord {
  trail.push({ actor: '保険者', action: '資格情報とマイナンバーを紐づけ', myNumber });
  const linkage = ctx.server.register({
    myNumber,
    linkageId: ctx.nextLinkageId(),
    insurerNumber: n.insurer.number,
    role,
    name: row.items.name,
    nameKana: row.items.nameKana,
    birthDate: row.items.birthDate,
    sex: row.items.sex,
    address: row.items.address,
    registeredOn: n.submittedOn,
    lostOn: null,
  });
  trail.push({ actor: '中間サーバー', action: linkage.identityCheck === 'notChecked' ? '登録' : `登録、J-LIS照合: 本人確認判定フラグ ${linkage.identityCheck}`, myNumber });
  return linkage;
}

/** The insurer's own J-LIS 照会 for a row that came without a number, under its policy. */
function acquireForRow(ctx: PipelineContext, n: Notification, row: NotificationRow, role: LinkageRecord['role'], trail: RegistrationStep[]): LinkageRecord | null {
  const got = acquireMyNumber(row.items, ctx.jlis, n.insurer);
  trail.push({
    actor: 'J-LIS',
    action: got.query === 'threeItems' ? '照会 (カナ氏名・生年月日・性別)' : '照会 (5情報)',
    myNumber: got.taken ? got.myNumber : null,
    detail: `${got.hits} hit(s)`,
  });
  if (!got.taken) {
    trail.push({ actor: '保険者', action: 'マイナンバーを取得せず、本人・事業所に確認', myNumber: null, detail: got.why });
    return null;
  }
  if (got.askPerson) trail.push({ actor: '保険者', action: `表記ゆれ (${got.tolerances.join(', ')}) で一致: 本人に確認`, myNumber: got.myNumber });
  return link(ctx, n, row, got.myNumber, role, trail);
}

/**
 * (1) 一般被保険者: the 被保険者 gives the number to the 事業所, which writes it on the 資格取得届 to 日本年金機構;
 * 年金機構 confirms it with J-LIS and passes it on; the insurer links it and registers it in the 中間サーバー.
 * A number J-LIS does not confirm is sent back; a row without one leaves the insurer to find it.
 */
export function registerInsured(ctx: PipelineContext, n: Notification): RowRegistration[] {
  return n.rows.map((row) => {
    const trail: RegistrationStep[] = [
      { actor: '被保険者', action: 'マイナンバーを事業所に提出', myNumber: row.myNumber },
      { actor: '事業所', action: '資格取得届を日本年金機構に提出', myNumber: row.myNumber },
    ];
    if (row.myNumber === null) {
      trail.push({ actor: '日本年金機構', action: '番号の記載なし: そのまま保険者に連携', myNumber: null });
      return { row, linkage: acquireForRow(ctx, n, row, 'insured', trail), trail };
    }
    const resident = ctx.jlis.byNumber(row.myNumber);
    if (!confirmsRow(row, resident)) {
      trail.push({ actor: '日本年金機構', action: 'J-LIS照会で確認できず: 事業所に返戻', myNumber: null, detail: resident ? '4情報が一致しない' : '該当なし' });
      return { row, linkage: null, trail };
    }
    trail.push({ actor: '日本年金機構', action: 'J-LIS照会でマイナンバーを確認し、保険者に連携', myNumber: row.myNumber });
    return { row, linkage: link(ctx, n, row, row.myNumber, 'insured', trail), trail };
  });
}

/**
 * (2) 一般被扶養者, 扶養条件をマイナンバーで確認: the numbers of the household come on the 異動届; 年金機構 confirms
 * each with J-LIS and passes the confirmed numbers on; the insurer pairs each number with a dependant's row
 * — by all 4 items, or, with the `familyMatchBy` shortcut, by one (a twin taken for the other, a parent
 * for a child of the same name).
 */
export function registerDependantsByNumber(ctx: PipelineContext, n: Notification): RowRegistration[] {
  const trails = n.rows.map((row): RegistrationStep[] => [
    { actor: '被保険者', action: '被扶養者のマイナンバーを事業所に提出', myNumber: row.myNumber },
    { actor: '事業所', action: '異動届 (マイナンバー記載) を日本年金機構に提出', myNumber: row.myNumber },
  ]);
  const confirmed: ResidentRecord[] = [];
  n.rows.forEach((row, i) => {
    const resident = row.myNumber ? ctx.jlis.byNumber(row.myNumber) : null;
    if (resident && confirmsRow(row, resident)) {
      confirmed.push(resident);
      trails[i]!.push({ actor: '日本年金機構', action: 'J-LIS照会でマイナンバーを確認し、保険者に連携', myNumber: resident.myNumber });
    } else trails[i]!.push({ actor: '日本年金機構', action: 'J-LIS照会で確認できず: 事業所に返戻', myNumber: null });
  });
  const by = n.insurer.shortcuts.familyMatchBy;
  // 年金機構's list comes in its own order (by number), not the rows' order.
  const unpaired = [...confirmed].sort((a, b) => (a.myNumber < b.myNumber ? -1 : 1));
  return n.rows.map((row, i) => {
    const trail = trails[i]!;
    if (!trail.some((s) => s.actor === '日本年金機構' && s.myNumber !== null)) return { row, linkage: null, trail };
    const fits = (r: ResidentRecord) => (by ? r[by] === row.items[by] && r.sex === row.items.sex : confirmsRow(row, r));
    const pick = unpaired.find(fits);
    if (!pick) {
      trail.push({ actor: '保険者', action: '番号と被扶養者を対応づけられず: 事業所に確認', myNumber: null });
      return { row, linkage: null, trail };
    }
    unpaired.splice(unpaired.indexOf(pick), 1);
    if (by) trail.push({ actor: '保険者', action: `番号を ${by === 'birthDate' ? '生年月日' : 'カナ氏名'} だけで被扶養者に対応づけ`, myNumber: pick.myNumber });
    return { row, linkage: link(ctx, n, row, pick.myNumber, 'dependant', trail), trail };
  });
}

/**
 * (3) 一般被扶養者, 扶養条件を添付書類で確認: 年金機構 checks the attachments and passes on a number only when the
 * 異動届 carried one; for the others the insurer makes its own J-LIS 照会, under its policy.
 */
export function registerDependantsByDocuments(ctx: PipelineContext, n: Notification): RowRegistration[] {
  return n.rows.map((row) => {
    const trail: RegistrationStep[] = [
      { actor: '事業所', action: `異動届 (添付書類、マイナンバー${row.myNumber ? '記載' : '記載なし'}) を日本年金機構に提出`, myNumber: row.myNumber },
      { actor: '日本年金機構', action: '添付書類で扶養条件を確認し、保険者に連携', myNumber: row.myNumber },
    ];
    if (row.myNumber !== null) return { row, linkage: link(ctx, n, row, row.myNumber, 'dependant', trail), trail };
    return { row, linkage: acquireForRow(ctx, n, row, 'dependant', trail), trail };
  });
}

/**
 * (4) 任意継続被保険者 (被扶養者): the number written on the 取得届 is linked as it is — the seed names no J-LIS
 * check. Our insurer refuses a number whose check digit fails unless its policy trusts what is written;
 * since 2024-05 the 中間サーバー's J-LIS check catches what gets through.
 */
export function registerVoluntaryContinuation(ctx: PipelineContext, n: Notification): RowRegistration[] {
  return n.rows.map((row, i) => {
    const trail: RegistrationStep[] = [{ actor: '被保険者', action: '任意継続被保険者取得届 (マイナンバー記載) を保険者に提出', myNumber: row.myNumber }];
    if (row.myNumber === null || (!n.insurer.shortcuts.trustWrittenNumber && !isValidMyNumber(row.myNumber))) {
      trail.push({ actor: '保険者', action: '番号が無いか検査用数字が合わない: 本人に確認', myNumber: null });
      return { row, linkage: null, trail };
    }
    return { row, linkage: link(ctx, n, row, row.myNumber, i === 0 ? 'insured' : 'dependant', trail), trail };
  });
}
