import { useState, type FormEvent } from 'react';
import { parseJapaneseDate } from '../../../protocol/JapaneseDate.ts';
import type { UiEvent } from '../../../protocol/UiEvent.ts';
import type { CardFaceIssue } from '../../../protocol/VisitDraft.ts';

const FIELD_WORDS: Record<NonNullable<CardFaceIssue['field']>, string> = { birthDate: '生年月日', cardExpiry: '有効期限', securityCode: 'セキュリティコード' };

/** What the staff view says about a card face that gave no 照合番号B. */
export function cardFaceIssueText(issue: CardFaceIssue | null): string {
  if (!issue) return 'カードの券面を読み取れませんでした。';
  switch (issue.reason) {
    case 'noSource':
      return 'このカードリーダーには券面を読むスキャナーがありません。';
    case 'cameraUnavailable':
      return `券面を撮るカメラが使えません: ${issue.message}`;
    case 'notInFrame':
      return 'カメラに券面が写っていませんでした。';
    case 'engineMissing':
      return `券面の文字認識（OCR）が使えません: ${issue.message}`;
    case 'codeRefused':
      return '券面の読み取り結果（照合番号B）がカードに受け付けられませんでした。数字を確かめてください（誤りが続くとロックされます）。';
    case 'unreadable':
      return issue.field ? `券面の「${FIELD_WORDS[issue.field]}」を読み取れませんでした（汚れ・傷など）。` : 'カードの券面を読み取れませんでした（汚れ・傷など）。';
  }
}

/**
 * 照合番号B by hand: staff read 生年月日, 有効期限 and セキュリティコード off the card and type them.
 * Dates as printed (「昭和55年2月17日」, 「S55.2.17」) or in 西暦.
 */
export function CardFaceEntryForm(props: { issue: CardFaceIssue | null; send: (e: UiEvent) => void }) {
  const [f, setF] = useState({ birthDate: '', cardExpiry: '', securityCode: '' });
  const birthDate = parseJapaneseDate(f.birthDate);
  const cardExpiry = parseJapaneseDate(f.cardExpiry);
  const valid = birthDate !== null && cardExpiry !== null && /^\d{4}$/.test(f.securityCode);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (valid) props.send({ type: 'staff.cardFaceEntered', fields: { birthDate: birthDate!, cardExpiry: cardExpiry!, securityCode: f.securityCode } });
  };
  return (
    <section className="panel attention" id="panel-cardface" aria-label="券面の入力" data-issue={props.issue?.reason ?? 'unreadable'}>
      <h2>カードの券面を入力してください</h2>
      <p className="warning" data-testid="card-face-issue">{cardFaceIssueText(props.issue)}</p>
      <p>カードの表面を見て、次の3つを入力してください。顔写真の読み取りにだけ使い、記録しません。</p>
      <form className="grid" onSubmit={submit}>
        <label htmlFor="cf-birth">生年月日</label>
        <input id="cf-birth" name="birthDate" value={f.birthDate} placeholder="昭和55年2月17日 または 1980-02-17" onChange={(e) => setF({ ...f, birthDate: e.target.value })} />
        <label htmlFor="cf-expiry">有効期限</label>
        <input id="cf-expiry" name="cardExpiry" value={f.cardExpiry} placeholder="2035年2月17日" onChange={(e) => setF({ ...f, cardExpiry: e.target.value })} />
        <label htmlFor="cf-code">セキュリティコード</label>
        <input id="cf-code" name="securityCode" value={f.securityCode} inputMode="numeric" maxLength={4} placeholder="4桁" autoComplete="off" onChange={(e) => setF({ ...f, securityCode: e.target.value })} />
        {f.birthDate !== '' && birthDate === null && <p className="full warning">生年月日を日付として読めません。</p>}
        {f.cardExpiry !== '' && cardExpiry === null && <p className="full warning">有効期限を日付として読めません。</p>}
        <div className="full">
          <button type="submit" className="go" disabled={!valid}>
            写真を読み取る
          </button>
          <button type="button" onClick={() => props.send({ type: 'cancel' })}>
            中止
          </button>
        </div>
      </form>
    </section>
  );
}
