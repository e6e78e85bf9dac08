import { useEffect, useRef, useState } from 'react';
import { DeclarationForm } from './DeclarationForm.tsx';
import { LookupForm } from './LookupForm.tsx';
import { ProofNumbersForm } from './ProofNumbersForm.tsx';
import { copayText, ELIGIBILITY, OUTAGE_CAUSE, OUTAGE_TITLE } from './staffText.ts';
import { TOLERANCE } from './QualificationPanel.tsx';
import type { CardFaceItems, OwnProof, UiEvent } from '../../../protocol/UiEvent.ts';
import type { StaffScreen } from '../../../protocol/KioskScreen.ts';

/**
 * The MHLW order for a check-in the card cannot complete (eligibility-and-outage.md §3.2):
 * the patient's own proof, then システム障害時モード while the service is reachable, then the
 * 被保険者資格申立書 at 3割等, and 10割 only when nothing else works.
 */
export function OutageGuide(props: { staff: StaffScreen; send: (e: UiEvent) => void; simulatedFace: CardFaceItems | null; /** An enrolled マイナ資格確認アプリ: case 3-1 offers it first (the counter's fallback since 2025-04). */ staffAppEnrolled?: boolean }) {
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
  // The card's 4 items, when the chip or the card face gave them: the lookup and the 申立書 start from them.
  const fromCard = staff.patient?.source === 'card' ? { name: staff.patient.name, birthDate: staff.patient.birthDate, sex: staff.patient.sex, address: staff.patient.address } : null;
  const cause = staff.visit.outageCause;
  // The one candidate a tolerant match found, waiting for staff to ask the patient.
  const match = staff.visit.candidates[0] ?? null;
  const current = (n: number) => (n === 1 ? sub === 'guidance' : n === 2 ? sub === 'lookingUp' || sub === 'choosingCandidate' : n === 3 ? sub === 'declaration' : false);

  return (
    <section className="panel" id="panel-outage" aria-label="障害時の対応" data-outage-case={outage.case} data-outage-cause={cause ?? ''}>
      <h2>
        ケース {outage.number}: {OUTAGE_TITLE[outage.case]}
      </h2>
      {cause && (
        <p className="cause" data-field="cause">
          原因: <strong>{OUTAGE_CAUSE[cause]}</strong>
        </p>
      )}
      {cause === 'certificateExpired' && <p>患者さんには「電子証明書の期限切れ。市区町村の窓口で更新」と案内しています。カードの故障ではありません。</p>}
      {cause === 'certificateRevoked' && <p className="warning">電子証明書が失効しています。紛失・盗難届の出たカードの可能性があります。本人確認書類で本人であることを確認してください。</p>}
      {cause === 'notRegistered' && (
        <p className="warning">
          このカードは保険証としての利用登録がされていません（E05）。資格確認書などで受け付け、利用登録はマイナポータル・市区町村の窓口・セブン銀行ATM等でできることを案内してください。
        </p>
      )}
      <p>
        オンライン資格確認等システム: {outage.serviceReachable ? <span className="tag">接続できる</span> : <span className="tag red">接続できない</span>}
        {staff.eligibility && <span className="tag amber">照会結果: {ELIGIBILITY[staff.eligibility.kind]}</span>}
      </p>
      {outage.case === 'case2' && sub === 'guidance' && (
        <p>
          保険証・資格確認書が発行済みで登録が遅れている可能性があります。転職などで新しい保険の発行待ちと分かった場合:{' '}
          <button type="button" onClick={() => send({ type: 'staff.jobChangeReported' })}>
            ケース1（発行待ち）に切り替える
          </button>
        </p>
      )}
      {outage.case === 'readerFault' && props.staffAppEnrolled && (
        <div className="staff-app-first" data-step="staffApp" aria-label="マイナ資格確認アプリで確認">
          <strong>まず: マイナ資格確認アプリで確認（利用登録済みの端末）</strong>
          <p>
            顔認証付きカードリーダーが使えないときは、職員のスマートフォンのマイナ資格確認アプリでカードを読み取り、暗証番号または目視で本人確認して資格を照会できます（通常どおり3割等・通常請求）。アプリが使えないときは、次の手順で受け付けてください。
          </p>
        </div>
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
              <LookupForm send={send} simulatedFace={props.simulatedFace} initial={fromCard} />
            </>
          )}
          {sub === 'lookingUp' && <p>照会しています…</p>}
          {sub === 'confirmingMatch' && match && (
            <div data-step="confirmingMatch">
              <p className="warning">
                表記ゆれ（{(match.detail?.tolerances ?? []).map((t) => TOLERANCE[t]).join('・') || '異体字・住所表記など'}）を許容して一致しました。受け付ける前に、患者さんに氏名・住所を口頭で確認してください。
              </p>
              <p>
                {match.detail?.name ?? ''} {match.detail?.address ?? ''}: {match.insurerName}（保険者番号 {match.insurerNumber}、{copayText(match.copayPercent)}）
              </p>
              <button type="button" className="go" onClick={() => send({ type: 'staff.matchConfirmed' })}>
                患者さんに確認した: この資格で受け付ける
              </button>
              <button type="button" onClick={() => send({ type: 'staff.back' })}>
                戻る（一致しない）
              </button>
            </div>
          )}
          {sub === 'choosingCandidate' && (
            <>
              <p className="warning">複数の候補が見つかりました。患者さんに加入している保険を確認してください。</p>
              {props.staff.visit.candidates.map((candidate, index) => (
                <p key={index}>
                  候補 {index + 1}: {candidate.detail ? `${candidate.detail.name} ` : ''}{candidate.insurerName}（保険者番号 {candidate.insurerNumber}、{copayText(candidate.copayPercent)}）{' '}
                  <button type="button" className="go" onClick={() => send({ type: 'staff.candidateChosen', index })}>
                    この資格で受け付ける
                  </button>
                </p>
              ))}
              <button type="button" onClick={() => send({ type: 'staff.back' })}>
                戻る（どれでもない）
              </button>
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
          {sub === 'declaration' && <DeclarationForm send={send} simulatedFace={props.simulatedFace} initial={fromCard} pastInsurerNumber={summary?.insurerNumber ?? null} />}
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
