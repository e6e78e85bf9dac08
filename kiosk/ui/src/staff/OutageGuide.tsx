import { useEffect, useRef, useState } from 'react';
import { DeclarationForm } from './DeclarationForm.tsx';
import { LookupForm } from './LookupForm.tsx';
import { ProofNumbersForm } from './ProofNumbersForm.tsx';
import { copayText, OUTAGE_TITLE } from './staffText.ts';
import type { CardFaceItems, OwnProof, UiEvent } from '../../../protocol/UiEvent.ts';
import type { StaffScreen } from '../../../protocol/KioskScreen.ts';

/**
 * The MHLW order for a check-in the card cannot complete (eligibility-and-outage.md §3.2):
 * the patient's own proof, then システム障害時モード while the service is reachable, then the
 * 被保険者資格申立書 at 3割等, and 10割 only when nothing else works.
 */
export function OutageGuide(props: { staff: StaffScreen; send: (e: UiEvent) => void; simulatedFace: CardFaceItems | null }) {
  const { staff, send } = props;
  const outage = staff.outage!;
  const sub = staff.step.split('.')[1] ?? 'guidance';
  const previous = useRef(sub);
  const [notFound, setNotFound] = useState(false);
  const [proof, setProof] = useState<OwnProof | null>(null);
  useEffect(() => {
    // The machine returns from lookingUp to guidance when nothing matched: say so.
    if (previous.current === 'lookingUp' && sub === 'guidance') setNotFound(true);
    if (sub === 'lookingUp') setNotFound(false);
    previous.current = sub;
  }, [sub]);
  const summary = staff.eligibility?.summary ?? null;
  const current = (n: number) => (n === 1 ? sub === 'guidance' : n === 2 ? sub === 'lookingUp' || sub === 'choosingCandidate' : n === 3 ? sub === 'declaration' : false);

  return (
    <section className="panel" aria-label="障害時の対応">
      <h2>
        ケース {outage.number}: {OUTAGE_TITLE[outage.case]}
      </h2>
      <p>
        オンライン資格確認等システム: {outage.serviceReachable ? <span className="tag">接続できる</span> : <span className="tag red">接続できない</span>}
        {staff.eligibility && <span className="tag amber">照会結果: {staff.eligibility.kind === 'noQualification' ? '資格情報なし' : staff.eligibility.kind === 'invalid' ? '資格（無効）' : staff.eligibility.kind}</span>}
      </p>
      {outage.case === 'case2' && sub === 'guidance' && (
        <p>
          保険証・資格確認書が発行済みで登録が遅れている可能性があります。転職などで新しい保険の発行待ちと分かった場合:{' '}
          <button type="button" onClick={() => send({ type: 'staff.jobChangeReported' })}>
            ケース1（発行待ち）に切り替える
          </button>
        </p>
      )}
      <ol className="steps">
        <li className={current(1) ? 'current' : ''}>
          <strong>1. 患者さん自身の証明を確認（確認できれば3割等・通常請求）</strong>
          <button type="button" disabled={!outage.mynaPortalAllowed || sub !== 'guidance'} onClick={() => setProof('mynaPortal')}>
            マイナポータルの資格情報画面
          </button>
          <button type="button" disabled={sub !== 'guidance'} onClick={() => setProof('qualificationCertificate')}>
            資格確認書（保険証）
          </button>
          <button type="button" disabled={sub !== 'guidance'} onClick={() => setProof('qualificationNotice')}>
            資格情報のお知らせ＋マイナンバーカード
          </button>
          {proof && sub === 'guidance' && <ProofNumbersForm proof={proof} send={send} onBack={() => setProof(null)} />}
          {!outage.mynaPortalAllowed && <p className="muted">※3-2は不可: 電子証明書が使えないカードではマイナポータルにログインできません。</p>}
          {!outage.serviceReachable && <p className="muted">システム回復後に、この受付の資格を自動で事後確認します。</p>}
        </li>
        <li className={current(2) ? 'current' : outage.serviceReachable ? '' : 'unavailable'}>
          <strong>2. システム障害時モードで照会（券面の4情報）</strong>
          {!outage.serviceReachable && <p>システムに接続できないため、今は照会できません。回復後に事後確認します。</p>}
          {outage.serviceReachable && sub === 'guidance' && (
            <>
              {notFound && <p className="warning">該当する資格が見つかりませんでした。4情報を確かめるか、申立書に進んでください。</p>}
              <LookupForm send={send} simulatedFace={props.simulatedFace} />
            </>
          )}
          {sub === 'lookingUp' && <p>照会しています…</p>}
          {sub === 'choosingCandidate' && (
            <>
              <p className="warning">複数の候補が見つかりました。患者さんに加入している保険を確認してください。</p>
              {props.staff.visit.candidates.map((candidate, index) => (
                <p key={index}>
                  候補 {index + 1}: {candidate.insurerName}（保険者番号 {candidate.insurerNumber}、{copayText(candidate.copayPercent)}）{' '}
                  <button type="button" className="go" onClick={() => send({ type: 'staff.candidateChosen', index })}>
                    この資格で受け付ける
                  </button>
                </p>
              ))}
            </>
          )}
        </li>
        <li className={current(3) ? 'current' : ''}>
          <strong>3. 被保険者資格申立書（3割。未就学児2割、70歳以上1〜3割）</strong>
          {(sub === 'guidance' || sub === 'choosingCandidate') && (
            <button type="button" onClick={() => send({ type: 'staff.declarationStarted' })}>
              申立書を記入してもらう
            </button>
          )}
          {sub === 'declaration' && <DeclarationForm send={send} simulatedFace={props.simulatedFace} pastInsurerNumber={summary?.insurerNumber ?? null} />}
        </li>
        <li>
          <strong>4. いずれもできない場合: 10割（自費）</strong>
          <p className="muted">再来で本人と資格が分かっている場合は、医療機関の判断で3割等も可。</p>
          <button type="button" className="stop" disabled={sub !== 'guidance'} onClick={() => send({ type: 'staff.selfPay' })}>
            10割で受け付ける
          </button>
        </li>
      </ol>
      <button type="button" onClick={() => send({ type: 'cancel' })}>
        受付を中止
      </button>
    </section>
  );
}
