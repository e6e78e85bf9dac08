import { useState, type FormEvent } from 'react';
import { parseJapaneseDate } from '../../../protocol/JapaneseDate.ts';
import type { StaffAppCommand, StaffAppView } from '../../../protocol/StaffApp.ts';
import { useKioskConnection } from '../connection/useKioskConnection.ts';
import { copayText, ELIGIBILITY } from '../staff/staffText.ts';
import { CONSENT_QUESTION, STAFF_APP_STEP } from './staffAppText.ts';

type Send = (command: StaffAppCommand) => void;

/**
 * The マイナ資格確認アプリ as a phone-sized staff page (`#/staffApp?token=…`): 利用登録 with the 資格確認端末's
 * 12-digit code, then for each patient the card on the device's reader, the PIN or 目視, consent and the result.
 */
export function StaffAppPage() {
  const kiosk = useKioskConnection('staffApp');
  const app = kiosk.frame?.staffApp ?? null;
  return (
    <div className="staff-app" lang="ja" data-step={app?.step ?? ''}>
      <header className="staff-app-header">
        <h1>マイナ資格確認アプリ</h1>
        <span>{app?.enrolled ? '利用登録済み' : '未登録'}</span>
      </header>
      {!kiosk.connected && <p role="status">{kiosk.refused ? '接続が拒否されました: 資格確認端末に表示されたアプリのリンク（?token=…）から開いてください' : '接続しています…'}</p>}
      {kiosk.connected && !app && <p role="status">この医療機関の設定では、マイナ資格確認アプリは使えません（リーダーが設定されていません）。</p>}
      {app && (
        <main aria-label="資格確認アプリ">
          <h2>{STAFF_APP_STEP[app.step]}</h2>
          {app.problem && (
            <p className="warning" role="alert" data-code={app.problem.code}>
              {app.problem.message}
            </p>
          )}
          <StepBody app={app} send={kiosk.sendStaffApp} />
        </main>
      )}
    </div>
  );
}

function StepBody({ app, send }: { app: StaffAppView; send: Send }) {
  switch (app.step) {
    case 'notEnrolled':
      return <EnrolForm send={send} />;
    case 'noReader':
      return <p>この端末に接続したカードリーダーが見つかりません。リーダーをつないでください。</p>;
    case 'waitingForCard':
      return <p>患者さんのマイナンバーカードを、この端末のカードリーダーに置いてください。</p>;
    case 'choosingIdentity':
      return <IdentityChoice app={app} send={send} />;
    case 'enteringPin':
    case 'checkingPin':
      return <PinEntry app={app} send={send} />;
    case 'comparingFace':
      return <FaceComparison app={app} send={send} />;
    case 'askingConsent':
      return (
        <>
          <p>{CONSENT_QUESTION}</p>
          <button type="button" className="go" onClick={() => send({ type: 'consent', agree: true })}>
            同意する
          </button>
          <button type="button" onClick={() => send({ type: 'consent', agree: false })}>
            同意しない
          </button>
        </>
      );
    case 'showingResult':
      return <Result app={app} send={send} />;
    case 'failed':
      return (
        <button type="button" className="go" onClick={() => send({ type: 'reset' })}>
          やり直す
        </button>
      );
    default:
      return null;
  }
}

function EnrolForm({ send }: { send: Send }) {
  const [code, setCode] = useState('');
  const digits = code.replace(/[\s-]/g, '');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (/^\d{12}$/.test(digits)) send({ type: 'enrol', code: digits });
  };
  return (
    <form onSubmit={submit}>
      <p>資格確認端末で発行した12桁の利用登録コードを入力してください（発行から24時間、1回だけ使えます）。</p>
      <label htmlFor="staff-app-code">利用登録コード（12桁）</label>
      <input id="staff-app-code" value={code} inputMode="numeric" autoComplete="off" maxLength={16} onChange={(e) => setCode(e.target.value)} />
      <button type="submit" className="go" disabled={!/^\d{12}$/.test(digits)}>
        利用登録する
      </button>
    </form>
  );
}

function IdentityChoice({ app, send }: { app: StaffAppView; send: Send }) {
  const [visual, setVisual] = useState(false);
  const [f, setF] = useState({ birthDate: '', cardExpiry: '', securityCode: '' });
  const birthDate = parseJapaneseDate(f.birthDate);
  const cardExpiry = parseJapaneseDate(f.cardExpiry);
  const valid = birthDate !== null && cardExpiry !== null && /^\d{4}$/.test(f.securityCode);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (valid) send({ type: 'identity.visual', fields: { birthDate: birthDate!, cardExpiry: cardExpiry!, securityCode: f.securityCode } });
  };
  return (
    <>
      <button type="button" className="go" onClick={() => send({ type: 'identity.pin' })}>
        暗証番号で確認
      </button>
      <button type="button" disabled={!app.visualPossible} onClick={() => setVisual(true)}>
        目視で確認
      </button>
      {!app.visualPossible && <p className="muted">このカードは目視確認に対応していません。暗証番号で確認してください。</p>}
      {visual && (
        <form onSubmit={submit} aria-label="券面の入力">
          <p>顔写真を読み出すため、カードの券面から次の3つを入力してください（記録しません）。</p>
          <label htmlFor="sa-birth">生年月日</label>
          <input id="sa-birth" value={f.birthDate} placeholder="昭和55年2月17日 または 1980-02-17" onChange={(e) => setF({ ...f, birthDate: e.target.value })} />
          <label htmlFor="sa-expiry">有効期限</label>
          <input id="sa-expiry" value={f.cardExpiry} placeholder="2035年2月17日" onChange={(e) => setF({ ...f, cardExpiry: e.target.value })} />
          <label htmlFor="sa-code">セキュリティコード</label>
          <input id="sa-code" value={f.securityCode} inputMode="numeric" maxLength={4} autoComplete="off" onChange={(e) => setF({ ...f, securityCode: e.target.value })} />
          <button type="submit" className="go" disabled={!valid}>
            顔写真を表示
          </button>
        </form>
      )}
    </>
  );
}

function PinEntry({ app, send }: { app: StaffAppView; send: Send }) {
  const [pin, setPin] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!/^\d{4}$/.test(pin)) return;
    send({ type: 'pin', pin });
    setPin(''); // the digits leave the page with the frame and are not kept here
  };
  return (
    <form onSubmit={submit}>
      {app.pinTriesLeft !== null && app.pinTriesLeft < 3 && <p className="warning">残り{app.pinTriesLeft}回</p>}
      <label htmlFor="staff-app-pin">暗証番号（4桁）</label>
      <input id="staff-app-pin" type="password" value={pin} inputMode="numeric" maxLength={4} autoComplete="off" onChange={(e) => setPin(e.target.value.replace(/\D/g, ''))} />
      <button type="submit" className="go" disabled={!/^\d{4}$/.test(pin) || app.step === 'checkingPin'}>
        確認
      </button>
    </form>
  );
}

function FaceComparison({ app, send }: { app: StaffAppView; send: Send }) {
  const [by, setBy] = useState('');
  return (
    <>
      {app.photo && <img className="staff-app-photo" src={app.photo} alt="カードの顔写真" />}
      {app.cardFace && <p>{app.cardFace.name}</p>}
      <label htmlFor="staff-app-by">確認した職員</label>
      <input id="staff-app-by" value={by} onChange={(e) => setBy(e.target.value)} />
      <button type="button" className="go" disabled={by.trim() === ''} onClick={() => send({ type: 'visual.confirmed', confirmedBy: by.trim() })}>
        本人と確認した
      </button>
      <button type="button" onClick={() => send({ type: 'visual.refused' })}>
        一致しない
      </button>
    </>
  );
}

function Result({ app, send }: { app: StaffAppView; send: Send }) {
  const r = app.result!;
  const s = r.summary;
  const d = s?.detail;
  return (
    <section aria-label="資格確認の結果" data-kind={r.kind}>
      <p className={r.kind === 'eligible' ? 'ok' : 'warning'}>
        <strong>{ELIGIBILITY[r.kind]}</strong>（本人確認: {r.identityMethod === 'pin' ? '暗証番号' : '目視確認'}）
      </p>
      {s && (
        <dl className="kv">
          {d && (
            <>
              <dt>氏名</dt>
              <dd>{d.name}</dd>
              <dt>生年月日</dt>
              <dd>{d.birthDate}</dd>
            </>
          )}
          <dt>保険者</dt>
          <dd>
            {s.insurerName}（保険者番号 {s.insurerNumber}）
          </dd>
          {d && (
            <>
              <dt>記号・番号</dt>
              <dd>
                {d.symbol ?? ''} {d.number}
                {d.branch ? `（枝番 ${d.branch}）` : ''}
              </dd>
            </>
          )}
          <dt>窓口負担</dt>
          <dd>{copayText(s.copayPercent)}</dd>
        </dl>
      )}
      <p className="muted">この受付は資格確認端末の「本日の受付」に記録しました。</p>
      <button type="button" className="go" onClick={() => send({ type: 'reset' })}>
        次の患者さん
      </button>
    </section>
  );
}
