import type { EligibilitySummary } from '../../../protocol/EligibilityOutcome.ts';
import type { MatchTolerance, MedicalInformation, MedicalItem } from '../../../protocol/MedicalInformation.ts';
import { copayText } from './staffText.ts';

const ITEM: Record<MedicalItem, string> = { pharmacy: '薬剤情報', diagnosis: '診療情報', operation: '手術情報', checkups: '特定健診情報' };
const PERSON: Record<string, string> = { self: '本人', family: '家族' };
const SEX: Record<string, string> = { male: '男', female: '女', unset: '—' };
export const TOLERANCE: Record<MatchTolerance, string> = { kuroMaru: '外字（●）', itaiji: '異体字', kanaVariant: 'カナ', addressNotation: '住所表記' };

/** The qualification as the 資格確認端末 shows it: insurer, 記号・番号・枝番, 負担割合, 限度額, and the consented medical information. */
export function QualificationPanel(props: { summary: EligibilitySummary; medical: MedicalInformation | null; readMedical: (referenceNumber: string, item: MedicalItem) => void }) {
  const { summary: s, medical } = props;
  const d = s.detail;
  const shown = medical && medical.referenceNumber === s.referenceNumber ? medical : null;
  return (
    <section className="panel" id="panel-qualification" aria-label="資格情報">
      <h2>資格情報</h2>
      <dl className="kv">
        <dt>保険者</dt>
        <dd>
          {s.insurerName}（保険者番号 {s.insurerNumber}）
        </dd>
        {d && (
          <>
            <dt>記号・番号・枝番</dt>
            <dd data-field="numbers">
              {d.symbol ?? '—'}・{d.number}・{d.branch ?? '—'}
            </dd>
            <dt>氏名</dt>
            <dd>
              {d.name}（{d.nameKana}） {SEX[d.sex]} {d.birthDate}
            </dd>
            <dt>本人・家族</dt>
            <dd>{PERSON[d.personalFamily] ?? d.personalFamily}</dd>
            <dt>資格取得日</dt>
            <dd>
              {d.validFrom}
              {d.validTo && `（喪失 ${d.validTo}）`}
            </dd>
          </>
        )}
        <dt>負担割合</dt>
        <dd data-field="copay">
          {copayText(s.copayPercent)}
          {d?.elderlyCopayPercent != null && `（高齢受給者 ${d.elderlyCopayPercent / 10}割）`}
        </dd>
        <dt>限度額適用区分</dt>
        <dd data-field="limit">{d?.limitCategory ? `${d.limitCategory}${d.limitCertificate ? `（認定証区分 ${d.limitCertificate}）` : ''}` : '—（同意なし、または該当なし）'}</dd>
        {s.medicalSubsidy && (
          <>
            <dt>医療費助成</dt>
            <dd data-field="medicalSubsidy" data-subsidy={s.medicalSubsidy.use ? 'use' : 'decline'}>
              {!s.medicalSubsidy.use
                ? '利用しない（患者が「いいえ」）'
                : s.medicalSubsidy.certificates.length === 0
                  ? '利用する（有効な受給者証なし）'
                  : s.medicalSubsidy.certificates.map((c) => (
                      <div key={`${c.burdenNumber}-${c.recipientNumber}`} data-certificate={c.burdenNumber}>
                        {`${c.name}（公費負担者番号 ${c.burdenNumber}、受給者番号 ${c.recipientNumber}、${c.validFrom}〜${c.validTo ?? ''}`}
                        {c.maxCopayment !== null && `、自己負担上限 ${c.maxCopayment.toLocaleString('ja-JP')}円/月`}
                        ）
                      </div>
                    ))}
            </dd>
          </>
        )}
        {d && d.tolerances.length > 0 && (
          <>
            <dt>表記ゆれ</dt>
            <dd>{d.tolerances.map((t) => TOLERANCE[t]).join('・')}</dd>
          </>
        )}
      </dl>
      {d && s.referenceNumber && (
        <div className="medical">
          <h3>医療情報（同意があるもの）</h3>
          {d.medical.available && d.medical.items.length > 0 ? (
            d.medical.items.map((item) => (
              <button key={item} type="button" onClick={() => props.readMedical(s.referenceNumber!, item)}>
                {ITEM[item]}を見る
              </button>
            ))
          ) : (
            <p className="muted">閲覧できる医療情報はありません（同意なし、猶予期間中、紐付け誤りの疑いなど）。</p>
          )}
          {shown && <MedicalTable information={shown} />}
        </div>
      )}
    </section>
  );
}

function MedicalTable(props: { information: MedicalInformation }) {
  const info = props.information;
  const rows: string[][] =
    info.item === 'pharmacy'
      ? info.records.map((r) => [r.month, r.drug, r.dose, `${r.days}日`, r.facility])
      : info.item === 'checkups'
        ? info.records.map((r) => [r.date, `${r.heightCm}cm ${r.weightKg}kg`, `血圧 ${r.systolic}/${r.diastolic}`, `HbA1c ${r.hba1c}`, `LDL ${r.ldl}`])
        : info.item === 'diagnosis'
          ? info.records.map((r) => [r.month, r.diagnosis, r.facility])
          : info.records.map((r) => [r.date, r.procedure, r.facility]);
  return (
    <table className="list" aria-label={ITEM[info.item]} data-medical={info.item}>
      <caption>{ITEM[info.item]}（{rows.length}件）</caption>
      <tbody>
        {rows.length === 0 ? (
          <tr>
            <td>記録はありません</td>
          </tr>
        ) : (
          rows.map((r, i) => (
            <tr key={i}>
              {r.map((c, j) => (
                <td key={j}>{c}</td>
              ))}
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}
