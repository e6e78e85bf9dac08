import { describe, expect, it } from 'vitest';
import type { InsurerPolicy, InsurerPolicyInput } from '../insurer/InsurerPolicy.ts';
import { InsurerPolicySchema } from '../insurer/InsurerPolicy.ts';
import { myNumberFromBase } from '../jlis/MyNumber.ts';
import type { ResidentRecord } from '../jlis/ResidentRecord.ts';
import { SimulatedJlis } from '../jlis/SimulatedJlis.ts';
import { IntermediateServer } from './IntermediateServer.ts';
import { registerDependantsByDocuments, registerDependantsByNumber, registerInsured, registerVoluntaryContinuation, type Notification, type NotificationRow, type PipelineContext } from './registrationFlows.ts';

let base = 100_000_000;
function resident(name: string, nameKana: string, birthDate: string, sex: ResidentRecord['sex'], address: string, householdId = name): ResidentRecord {
  base += 1000;
  return { myNumber: myNumberFromBase(base), residentCode: String(base).padStart(11, '0'), householdId, name, nameKana, birthDate, sex, address, changes: [] };
}
const row = (r: ResidentRecord, myNumber: string | null = r.myNumber, address: string | null = r.address): NotificationRow => ({ items: { name: r.name, nameKana: r.nameKana, birthDate: r.birthDate, sex: r.sex, address }, myNumber });
const policy = (shortcuts: InsurerPolicyInput['shortcuts'] = {}): InsurerPolicy => InsurerPolicySchema.parse({ number: '06131234', name: '霞が関電機健康保険組合', kind: 'kumiai', shortcuts });

// A 3-item look-alike: same カナ, birth date and sex, another family and town. J-LIS lists them first.
const stranger = resident('斉藤　優斗', 'サイトウ　ユウト', '1990-04-01', 'male', '大阪府大阪市北区梅田３丁目１番１号');
const member = resident('齋藤　悠斗', 'サイトウ　ユウト', '1990-04-01', 'male', '東京都千代田区霞が関１丁目２番２号');
const twinA = resident('田中　陽菜', 'タナカ　ヒナ', '2015-07-07', 'female', '東京都世田谷区太子堂２丁目３番４号', 'tanaka');
const twinB = resident('田中　結菜', 'タナカ　ユイナ', '2015-07-07', 'female', '東京都世田谷区太子堂２丁目３番４号', 'tanaka');
const jlis = new SimulatedJlis([stranger, member, twinA, twinB], { legacy: true });

function context(on = jlis): PipelineContext & { server: IntermediateServer } {
  let n = 0;
  return { jlis: on, server: new IntermediateServer(on), nextLinkageId: () => `L${++n}` };
}
const notification = (insurer: InsurerPolicy, rows: NotificationRow[], submittedOn = '2022-04-01'): Notification => ({ insurer, submittedOn, rows });

describe('the seed’s registration flows, hop by hop', () => {
  it('(1) 一般被保険者: 被保険者 → 事業所 → 日本年金機構 (J-LIS) → 保険者 → 中間サーバー, each hop on record', () => {
    const [r] = registerInsured(context(), notification(policy(), [row(member)]));
    expect(r!.linkage).toMatchObject({ myNumber: member.myNumber, role: 'insured', identityCheck: 'notChecked' });
    expect(r!.trail.map((s) => s.actor)).toEqual(['被保険者', '事業所', '日本年金機構', '保険者', '中間サーバー']);
  });

  it('(1) a number J-LIS does not confirm for the row is sent back to the 事業所, not linked', () => {
    const [r] = registerInsured(context(), notification(policy(), [row(member, stranger.myNumber)]));
    expect(r!.linkage).toBeNull();
    expect(r!.trail.at(-1)).toMatchObject({ actor: '日本年金機構', action: expect.stringContaining('返戻') });
  });

  it('(1) without a number, an insurer working by the notice finds it by the 5 items, and takes none on 4', () => {
    const [found] = registerInsured(context(), notification(policy(), [row(member, null)]));
    expect(found!.linkage?.myNumber).toBe(member.myNumber);
    expect(found!.trail.map((s) => s.action)).toContain('照会 (5情報)');
    const [noAddress] = registerInsured(context(), notification(policy(), [row(member, null, null)]));
    expect(noAddress!.linkage).toBeNull();
    expect(noAddress!.trail.at(-1)?.detail).toMatch(/4 items or fewer/);
  });

  it('(3) 添付書類 without a number: the 3-item shortcut takes the look-alike’s number; the notice’s 5 items take the right one', () => {
    const [wrong] = registerDependantsByDocuments(context(), notification(policy({ threeItemQuery: true }), [row(member, null)]));
    expect(wrong!.linkage?.myNumber).toBe(stranger.myNumber);
    expect(wrong!.trail.find((s) => s.actor === 'J-LIS')).toMatchObject({ action: '照会 (カナ氏名・生年月日・性別)', detail: '2 hit(s)' });
    const [right] = registerDependantsByDocuments(context(), notification(policy(), [row(member, null)]));
    expect(right!.linkage?.myNumber).toBe(member.myNumber);
  });

  it('(3) a modern J-LIS refuses the 3-item query itself', () => {
    const ctx = context(new SimulatedJlis([stranger, member]));
    const [r] = registerDependantsByDocuments(ctx, notification(policy({ threeItemQuery: true }), [row(member, null)]));
    expect(r!.linkage).toBeNull();
    expect(r!.trail.at(-1)?.detail).toMatch(/since 2023-12-18/);
  });

  it('(2) 異動届 with the numbers: pairing by birth date alone swaps the twins; by all 4 items each gets her own', () => {
    const rows = [row(twinB), row(twinA)];
    const swapped = registerDependantsByNumber(context(), notification(policy({ familyMatchBy: 'birthDate' }), rows));
    expect(swapped.map((r) => r.linkage?.myNumber)).toEqual([twinA.myNumber, twinB.myNumber]);
    const paired = registerDependantsByNumber(context(), notification(policy(), rows));
    expect(paired.map((r) => r.linkage?.myNumber)).toEqual([twinB.myNumber, twinA.myNumber]);
  });

  it('(4) 任意継続: a mistyped number is refused by its check digit, or, trusted as written after 2024-05, flagged by the 中間サーバー until corrected', () => {
    const typo = `${member.myNumber.slice(0, 10)}${(Number(member.myNumber[10]) + 1) % 10}${member.myNumber[11]}`;
    const [refused] = registerVoluntaryContinuation(context(), notification(policy(), [row(member, typo)], '2024-06-01'));
    expect(refused!.linkage).toBeNull();
    const ctx = context();
    const [trusted] = registerVoluntaryContinuation(ctx, notification(policy({ trustWrittenNumber: true }), [row(member, typo)], '2024-06-01'));
    expect(trusted!.linkage?.identityCheck).toBe('mismatch');
    expect(ctx.server.correct(trusted!.linkage!.linkageId, { myNumber: member.myNumber }).identityCheck).toBe('corrected');
  });

  it('since 2024-05-07 the 3-item shortcut’s wrong number is flagged at registration (本人確認判定フラグ); before, it went in unchecked', () => {
    const [after] = registerDependantsByDocuments(context(), notification(policy({ threeItemQuery: true }), [row(member, null)], '2024-05-07'));
    expect(after!.linkage).toMatchObject({ myNumber: stranger.myNumber, identityCheck: 'mismatch' });
    const [before] = registerDependantsByDocuments(context(), notification(policy({ threeItemQuery: true }), [row(member, null)], '2024-05-06'));
    expect(before!.linkage?.identityCheck).toBe('notChecked');
  });

  it('the 中間サーバー stores a character outside its set as one ●', () => {
    const kanji = resident('𠮷田　葛\u{E0100}子', 'ヨシダ　クズコ', '1950-01-01', 'female', '東京都千代田区霞が関１丁目２番２号');
    const ctx = context(new SimulatedJlis([kanji]));
    const [r] = registerInsured(ctx, notification(policy(), [row(kanji)], '2024-06-01'));
    expect(r!.linkage).toMatchObject({ name: '●田　●子', identityCheck: 'matched' });
  });
});
