import type { IssuedActivationCode, StaffAppView } from '../../../protocol/StaffApp.ts';
import { STAFF_APP_STEP } from '../staffApp/staffAppText.ts';

function time(iso: string): string {
  return new Date(iso).toLocaleString('ja-JP', { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** The マイナ資格確認アプリ as the 資格確認端末 sees it: enrolled or not, its activation code, where its check-in is. */
export function StaffAppPanel(props: { app: StaffAppView; code: IssuedActivationCode | null; issue: () => void }) {
  const { app, code } = props;
  return (
    <section className="panel" aria-label="マイナ資格確認アプリ" data-enrolled={String(app.enrolled)}>
      <h2>マイナ資格確認アプリ</h2>
      {app.enrolled ? (
        <p>
          利用登録済み{app.enrolledAt ? `（${time(app.enrolledAt)}）` : ''}: {STAFF_APP_STEP[app.step]}
        </p>
      ) : (
        <p>未登録: 職員のスマートフォンでアプリを開き、ここで発行する12桁の利用登録コードを入力してください。</p>
      )}
      {code && (
        <p>
          利用登録コード: <strong data-testid="staff-app-code">{code.code.replace(/(\d{4})(?=\d)/g, '$1 ')}</strong>（1回限り、{time(code.expiresAt)}まで有効）
        </p>
      )}
      <button type="button" onClick={props.issue}>
        利用登録コードを発行
      </button>
    </section>
  );
}
