import { copayText } from './staffText.ts';
import type { StaffScreen } from '../../../protocol/KioskScreen.ts';
import type { UiEvent } from '../../../protocol/UiEvent.ts';

const WHY: Record<string, string> = {
  multiple: '複数の資格が該当しました。患者さんに、いま加入している保険を確認して、該当する資格を選んでください。',
  invalidWithNewQualification: 'この資格は無効ですが、新しい資格があります。新しい資格の内容を確認してください。',
  wrongLinkage: '紐付け誤りの疑いがあります。別の人の資格が紐付いている可能性があるため、医療情報は表示しません。本人確認書類で確認し、保険者に連絡してください。',
};

/** 複数該当, 無効（新しい資格あり） and suspected wrong linkage: the patient screen shows nothing, staff decide. */
export function StaffReviewPanel(props: { staff: StaffScreen; send: (e: UiEvent) => void }) {
  const e = props.staff.eligibility;
  const s = e?.summary;
  const candidates = e?.kind === 'multiple' ? (e.candidates ?? props.staff.visit.candidates) : [];
  const toCase2 = () => props.send({ type: 'staff.toOutage', outageCase: 'case2' });
  return (
    <section className="panel" id="panel-review" aria-label="職員の確認" data-review={e?.kind ?? ''}>
      <h2>職員の確認が必要です</h2>
      <p className={e?.kind === 'wrongLinkage' ? 'warning' : ''}>{WHY[e?.kind ?? ''] ?? '照会結果を確認してください。'}</p>
      {candidates.length > 0 ? (
        <ol className="candidates" aria-label="該当した資格">
          {candidates.map((c, index) => (
            <li key={index} data-candidate={index}>
              {c.insurerName}（保険者番号 {c.insurerNumber}
              {c.detail && `、記号・番号 ${c.detail.symbol ?? '—'}・${c.detail.number}`}、{copayText(c.copayPercent)}）{' '}
              <button type="button" className="go" onClick={() => props.send({ type: 'staff.candidateChosen', index })}>
                この資格で受け付ける
              </button>
            </li>
          ))}
        </ol>
      ) : (
        s && (
          <dl className="kv">
            <dt>保険者</dt>
            <dd>
              {s.insurerName}（{s.insurerNumber}）
            </dd>
            <dt>負担割合</dt>
            <dd>{copayText(s.copayPercent)}</dd>
          </dl>
        )
      )}
      {e?.kind === 'wrongLinkage' ? (
        <>
          <button type="button" className="go" onClick={toCase2}>
            この資格では受け付けない（障害時の手順へ）
          </button>
          <button type="button" onClick={() => props.send({ type: 'staff.confirmedCurrent' })}>
            本人確認書類で本人と確認した: この資格で受け付ける
          </button>
        </>
      ) : (
        <>
          {candidates.length === 0 && (
            <button type="button" className="go" onClick={() => props.send({ type: 'staff.confirmedCurrent' })}>
              確認した: この資格で受け付ける
            </button>
          )}
          <button type="button" onClick={toCase2}>
            資格を確認できない（ケース2の手順へ）
          </button>
        </>
      )}
      <button type="button" className="stop" onClick={() => props.send({ type: 'cancel' })}>
        中止
      </button>
    </section>
  );
}
