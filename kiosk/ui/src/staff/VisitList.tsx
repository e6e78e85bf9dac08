import type { VisitRecord } from '../../../protocol/VisitRecord.ts';
import { claimText, copayText, ELIGIBILITY, METHOD, OUTAGE_CAUSE, OUTAGE_TITLE, OUTCOME } from './staffText.ts';

function time(iso: string): string {
  return new Date(iso).toLocaleTimeString('ja-JP', { hour: '2-digit', minute: '2-digit' });
}

const RECHECK: Record<string, string> = { pending: '事後確認待ち', done: '事後確認済み', failed: '事後確認できず' };

/** The re-check's outcome in words (the record keeps the service's terms and 照会番号 for the audit). */
function recheckText(v: VisitRecord): string | null {
  const r = v.recheck;
  if (!r || r.status === 'pending') return null;
  if (r.status === 'failed') return '資格を特定できませんでした。職員が手作業で確認してください。';
  return v.claimRoute === 'current' && v.claimInsurerNumber ? `現在の資格を確認しました（保険者番号 ${v.claimInsurerNumber}）。この資格で請求します。` : '資格は見つかりましたが有効ではありません。請求先を確認してください。';
}

/** Today's visits, with the re-checks still owed and the suspected wrong linkages pulled out on top. */
export function VisitList(props: { visits: VisitRecord[] }) {
  const pending = props.visits.filter((v) => v.recheck?.status === 'pending');
  const suspected = props.visits.filter((v) => v.eligibility?.kind === 'wrongLinkage');
  return (
    <>
      <section className="panel" aria-label="紐付け誤りの疑い">
        <h2>紐付け誤りの疑い（{suspected.length}件）</h2>
        {suspected.length === 0 ? (
          <p className="muted">ありません。</p>
        ) : (
          <ul>
            {suspected.map((v) => (
              <li key={v.visitId}>
                {time(v.startedAt)} {v.cardFace?.name ?? '氏名不明'}: 本人確認書類で確認し、保険者に連絡してください。
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="panel" aria-label="本日の受付">
        <h2>
          本日の受付（{props.visits.length}件、事後確認待ち {pending.length}件）
        </h2>
        <div className="scroll">
          <table className="list">
            <thead>
              <tr>
                <th>時刻</th>
                <th>氏名</th>
                <th>本人確認</th>
                <th>結果</th>
                <th>負担・請求</th>
              </tr>
            </thead>
            <tbody>
              {props.visits.map((v) => (
                <tr key={v.visitId}>
                  <td>{time(v.startedAt)}</td>
                  <td>{v.cardFace?.name ?? '—'}</td>
                  <td>
                    {v.identityMethod ? METHOD[v.identityMethod] : '—'}
                    {v.visualConfirmedBy && `（${v.visualConfirmedBy}）`}
                    {v.channel === 'staffApp' && (
                      <span className="tag" data-channel="staffApp">
                        資格確認アプリ
                      </span>
                    )}
                  </td>
                  <td>
                    {v.outcome ? OUTCOME[v.outcome] : '受付中'}
                    {v.eligibility && <span className={v.eligibility.kind === 'wrongLinkage' ? 'tag red' : 'tag'}>{ELIGIBILITY[v.eligibility.kind]}</span>}
                    {v.outageCase && <div className="muted">{OUTAGE_TITLE[v.outageCase]}</div>}
                    {v.outageCause && <div className="muted">原因: {OUTAGE_CAUSE[v.outageCause]}</div>}
                    {v.lookupToleranceUsed && <span className="tag amber">表記ゆれで一致</span>}
                    {v.pinBlocked && <span className="tag amber" data-flag="pinBlocked">暗証番号ロック</span>}
                    {v.certificateStanding === 'expiredInGrace' && <span className="tag amber" data-flag="grace">電子証明書 猶予期間中</span>}
                    {v.consentNotAsked === 'serviceDown' && <span className="tag" data-flag="consentNotAsked">同意省略（障害中）</span>}
                    {v.consentSkipped && <span className="tag" data-flag="consentSkipped">同意: すべて提供しない</span>}
                  </td>
                  <td>
                    {copayText(v.copayPercent)} {claimText(v.claimRoute, v.claimInsurerNumber)}
                    {v.recheck && (
                      <div>
                        <span className={v.recheck.status === 'pending' ? 'tag amber' : v.recheck.status === 'failed' ? 'tag red' : 'tag'}>{RECHECK[v.recheck.status]}</span>
                        {recheckText(v) && <span className="muted">{recheckText(v)}</span>}
                      </div>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
