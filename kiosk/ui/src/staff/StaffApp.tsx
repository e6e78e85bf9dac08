import { useState } from 'react';
import { OUTAGE_CASES, type OutageCase } from '../../../protocol/OutageCase.ts';
import { useKioskConnection } from '../connection/useKioskConnection.ts';
import { CardFaceEntryForm } from './CardFaceEntryForm.tsx';
import { InsuranceNumberForm } from './InsuranceNumberForm.tsx';
import { OutageGuide } from './OutageGuide.tsx';
import { SensorPanel } from './SensorPanel.tsx';
import { StaffReviewPanel } from './StaffReviewPanel.tsx';
import { ALERT_TEXT, claimText, copayText, ELIGIBILITY, METHOD, OUTAGE_CAUSE, OUTAGE_TITLE, stepText } from './staffText.ts';
import { VisitList } from './VisitList.tsx';
import { VisualCheckPanel } from './VisualCheckPanel.tsx';
import { ActionCard } from './ActionCard.tsx';
import { QualificationPanel } from './QualificationPanel.tsx';
import { StaffAppPanel } from './StaffAppPanel.tsx';

/** The 資格確認端末 at the counter: what the current visit needs from staff, and today's visits. */
export function StaffApp() {
  const kiosk = useKioskConnection('staff');
  const [startCase, setStartCase] = useState<OutageCase>('networkDown');
  const frame = kiosk.frame;
  const staff = frame?.view.staff ?? null;
  const step = staff?.step ?? '';
  const visit = staff?.visit;
  const health = frame?.view.patient.health;
  const simulatedFace = frame?.simulator?.placedCardFace ?? null;

  return (
    <div className="desk" lang="ja">
      <header className="desk-header">
        <h1>資格確認端末（受付）</h1>
        <span>{kiosk.connected ? stepText(step) : kiosk.refused ? '接続が拒否されました: 起動時に表示された職員画面のリンク（?token=…）から開いてください' : 'カードリーダーに接続していません'}</span>
        {health && (
          <span className="status">
            リーダー {health.reader === 'ok' ? '正常' : '故障'} / カメラ {health.camera === 'ok' ? '正常' : health.camera === 'absent' ? 'なし' : '故障'} / 職員パネル {health.panel === 'attached' ? '接続' : '未接続'} / 資格確認システム{' '}
            {health.service === 'up' ? '接続' : '接続できない'}
          </span>
        )}
      </header>
      {staff && visit && (
        <div className="desk-body">
          {staff.alerts.some((a) => a.kind === 'serviceDown' || a.kind === 'readerFault') && (
            <p className="outage-banner" role="alert">
              {staff.alerts
                .filter((a) => a.kind === 'serviceDown' || a.kind === 'readerFault')
                .map((a) => ALERT_TEXT[a.kind])
                .join(' / ')}
            </p>
          )}
          <ActionCard staff={staff} />
          <div>
            <section className="panel" aria-label="現在の受付">
              <h2>現在の受付: {stepText(step)}</h2>
              <dl className="kv">
                <dt>本人確認</dt>
                <dd>{visit.identityMethod ? METHOD[visit.identityMethod] : '—'}</dd>
                <dt>資格確認</dt>
                <dd>
                  {visit.eligibility ? ELIGIBILITY[visit.eligibility.kind] : '—'}
                  {visit.eligibility?.summary && `（${visit.eligibility.summary.insurerName}）`}
                </dd>
                {visit.outageCase && (
                  <>
                    <dt>対応ケース</dt>
                    <dd>
                      {OUTAGE_TITLE[visit.outageCase]}
                      {visit.outageCause && `（${OUTAGE_CAUSE[visit.outageCause]}）`}
                    </dd>
                  </>
                )}
                <dt>窓口負担</dt>
                <dd>{copayText(visit.copayPercent)}</dd>
                <dt>請求</dt>
                <dd>{claimText(visit.claimRoute, visit.claimInsurerNumber)}</dd>
              </dl>
              {visit.lookupToleranceUsed && visit.claimRoute && <p className="muted">表記ゆれを許容して一致（患者さんに口頭で確認済み）。</p>}
              {visit.pendingRecheck && <p className="warning">システム回復後に資格を事後確認します（本日の受付一覧に表示）。</p>}
              {visit.claimRoute && <p className="ok">受付が決まりました: {copayText(visit.copayPercent)}、{claimText(visit.claimRoute, visit.claimInsurerNumber)}</p>}
              {step === 'standby' && (
                <p>
                  <button type="button" onClick={() => kiosk.sendEvent({ type: 'document.chosen' })}>
                    資格確認書・被保険者番号で受付
                  </button>
                  <select aria-label="障害の種類" value={startCase} onChange={(e) => setStartCase(e.target.value as OutageCase)}>
                    {OUTAGE_CASES.map((c) => (
                      <option key={c} value={c}>
                        {OUTAGE_TITLE[c]}
                      </option>
                    ))}
                  </select>
                  <button type="button" onClick={() => kiosk.sendEvent({ type: 'staff.toOutage', outageCase: startCase })}>
                    カードを使わず障害時の対応を開始
                  </button>
                </p>
              )}
            </section>
            {step === 'visualCheck' && <VisualCheckPanel photo={frame?.staffPhoto ?? null} send={kiosk.sendEvent} />}
            {(step === 'enteringInsuranceNumber' || step === 'insuranceNumberNotFound') && <InsuranceNumberForm send={kiosk.sendEvent} notFound={step === 'insuranceNumberNotFound'} />}
            {step === 'enteringCardFace' && <CardFaceEntryForm issue={visit.cardFaceIssue} send={kiosk.sendEvent} />}
            {step === 'staffReview' && <StaffReviewPanel staff={staff} send={kiosk.sendEvent} />}
            {visit.eligibility?.summary && !step.startsWith('outage') && step !== 'staffReview' && <QualificationPanel summary={visit.eligibility.summary} medical={kiosk.medical} readMedical={kiosk.readMedical} />}
            {step.startsWith('outage') && staff.outage && <OutageGuide staff={staff} send={kiosk.sendEvent} simulatedFace={simulatedFace} staffAppEnrolled={frame?.staffApp?.enrolled ?? false} />}
          </div>
          <div>
            {frame?.staffApp && <StaffAppPanel app={frame.staffApp} code={frame.staffAppCode} issue={kiosk.issueStaffAppCode} />}
            <SensorPanel sensors={staff.sensors} />
            <VisitList visits={frame?.visits ?? []} />
          </div>
        </div>
      )}
    </div>
  );
}
