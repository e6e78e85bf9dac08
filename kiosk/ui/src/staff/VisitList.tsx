import type { VisitRecord } from '../../../protocol/VisitRecord.ts';
import { claimText, copayText, ELIGIBILITY, METHOD, OUTAGE_TITLE, OUTCOME } from './staffText.ts';

function time(iso: string): string {
  return new Date(iso).toLocaleTimeString('ja-JP', { hour: '2-digit', minute: '2-digit' });
}

const RECHECK: Record<string, string> = { pending: '事後確認待ち', done: '事後確認済み', failed: '事後確認できず' };

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
                  <td>{v.identityMethod ? METHOD[v.identityMethod] : '—'}</td>
                  <td>
                    {v.outcome ? OUTCOME[v.outcome] : '受付中'}
                    {v.eligibility && <span className={v.eligibility.kind === 'wrongLinkage' ? 'tag red' : 'tag'}>{ELIGIBILITY[v.eligibility.kind]}</span>}
                    {v.outageCase && <div className="muted">{OUTAGE_TITLE[v.outageCase]}</div>}
                    {v.lookupToleranceUsed && <span className="tag amber">表記ゆれで一致</span>}
                  </td>
                  <td>
                    {copayText(v.copayPercent)} {claimText(v.claimRoute, v.claimInsurerNumber)}
                    {v.recheck && (
                      <div>
                        <span className={v.recheck.status === 'pending' ? 'tag amber' : v.recheck.status === 'failed' ? 'tag red' : 'tag'}>{RECHECK[v.recheck.status]}</span>
                        {v.recheck.result && <span className="muted">{v.recheck.result}</span>}
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
