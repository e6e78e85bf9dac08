
import type { UiEvent } from '../../../protocol/UiEvent.ts';
/** 目視確認モード: the card's photo beside approve / refuse; the photo is sent only while this step lasts. */
export function VisualCheckPanel(props: { photo: string | null; send: (e: UiEvent) => void }) {
  return (
    <section className="panel" id="panel-visual" aria-label="目視確認">
      <h2>目視確認</h2>
      <div className="photo">
        {props.photo ? <img src={props.photo} alt="カードの顔写真" /> : <p className="muted">写真を読み込めません</p>}
        <div>
          <p>カードの顔写真と、リーダーの前の患者さんが同じ人か確認してください。</p>
          <button type="button" className="go" onClick={() => props.send({ type: 'staff.approved' })}>
            本人と確認した
          </button>
          <button type="button" className="stop" onClick={() => props.send({ type: 'staff.refused' })}>
            本人と確認できない
          </button>
          <p className="muted">確認できない場合、患者さんには「カードをお取りのうえ、受付にお越しください」と表示します。受付で本人確認書類を確認し、資格確認書などで受け付けてください。</p>
        </div>
      </div>
    </section>
  );
}
