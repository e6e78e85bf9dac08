import type { StaffAlert, StaffAlertKind, StaffScreen } from '../../../protocol/KioskScreen.ts';
import { ALERT_TEXT, CERTIFICATE, CONSENT, METHOD, OUTAGE_CAUSE, stepText } from './staffText.ts';
import { CONSENT_ITEMS } from '../../../protocol/Consent.ts';

/** Where each alert's primary button takes staff: the panel that does it. */
const ACTION: Partial<Record<StaffAlertKind, { label: string; panel: string }>> = {
  visualCheck: { label: '目視確認をする', panel: 'panel-visual' },
  confirmMatch: { label: '口頭で確認する', panel: 'panel-outage' },
  review: { label: '照会結果を確認する', panel: 'panel-review' },
  outage: { label: '障害時の手順へ', panel: 'panel-outage' },
  cardFaceEntry: { label: '券面を入力する', panel: 'panel-cardface' },
  documentEntry: { label: '番号を入力する', panel: 'panel-document' },
  numberNotFound: { label: '入力し直す', panel: 'panel-document' },
};

export function ageOf(birthDate: string, today = new Date()): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
  if (!m) return null;
  let age = today.getFullYear() - Number(m[1]);
  if (today.getMonth() + 1 < Number(m[2]) || (today.getMonth() + 1 === Number(m[2]) && today.getDate() < Number(m[3]))) age -= 1;
  return age;
}

function go(panel: string) {
  const el = document.getElementById(panel);
  el?.scrollIntoView({ block: 'start' });
  el?.querySelector<HTMLElement>('button.go, input, button')?.focus();
}

/**
 * The top of the staff view: the patient of the visit in progress and, in red (the patient cannot go
 * on without staff) or amber (staff should know), whatever waits for staff, the first with its next
 * action as the primary button.
 */
export function ActionCard(props: { staff: StaffScreen }) {
  const { staff } = props;
  const visit = staff.visit;
  const p = staff.patient;
  const age = p ? ageOf(p.birthDate) : null;
  const alerts: StaffAlert[] = staff.alerts;
  const first = alerts[0];
  const action = first ? ACTION[first.kind] : undefined;
  const severity = alerts.some((a) => a.severity === 'red') ? 'red' : alerts.length > 0 ? 'amber' : 'calm';
  const consents = CONSENT_ITEMS.filter((i) => visit.consents[i] === true).map((i) => CONSENT[i]);
  return (
    <section className={`panel action-card ${severity}`} aria-label="対応が必要なこと" data-alerts={alerts.map((a) => a.kind).join(' ')}>
      <div className="action-head">
        <h2>{visit.started ? `受付中: ${stepText(staff.step)}` : '待機中'}</h2>
        {action && (
          <button type="button" className="go primary-action" onClick={() => go(action.panel)}>
            {action.label}
          </button>
        )}
      </div>
      {alerts.length > 0 && (
        <ul className="alerts">
          {alerts.map((a) => (
            <li key={a.kind} className={`alert ${a.severity}`} data-alert={a.kind}>
              {ALERT_TEXT[a.kind]}
              {a.kind === 'outage' && visit.outageCause && `（${OUTAGE_CAUSE[visit.outageCause]}）`}
            </li>
          ))}
        </ul>
      )}
      {visit.started && (
        <dl className="kv patient" aria-label="現在の患者">
          <dt>氏名</dt>
          <dd>
            {p ? p.name : '—'}
            {p?.kana && <span className="muted">（{p.kana}）</span>}
          </dd>
          <dt>生年月日・年齢</dt>
          <dd>{p ? `${p.birthDate}${age !== null ? `（${age}歳）` : ''}` : '—'}</dd>
          <dt>本人確認</dt>
          <dd>{visit.identityMethod ? METHOD[visit.identityMethod] : '—'}</dd>
          <dt>同意</dt>
          <dd>{visit.consentNotAsked === 'serviceDown' ? '未確認（システム障害のため同意画面を省略）' : visit.consentSkipped ? 'すべて提供しない' : consents.length > 0 ? consents.join('・') : '—'}</dd>
          {visit.prescriptionIssue && (
            <>
              <dt>処方箋</dt>
              <dd data-prescription={visit.prescriptionIssue}>{visit.prescriptionIssue === 'electronic' ? '電子処方箋' : '紙の処方箋'}</dd>
            </>
          )}
          <dt>電子証明書</dt>
          <dd>{visit.certificateStanding ? CERTIFICATE[visit.certificateStanding] : '—'}</dd>
        </dl>
      )}
    </section>
  );
}
