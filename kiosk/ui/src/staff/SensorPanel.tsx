import type { SensorProblem, SensorStatus } from '../../../protocol/KioskScreen.ts';

const SENSOR: Record<SensorStatus['sensor'], string> = { reader: 'カードリーダー', phoneReader: 'スマートフォン用リーダー', staffAppReader: '資格確認アプリのリーダー', readerKey: 'リーダーの鍵', camera: '顔認証カメラ', cardFace: '券面の読み取り', panel: '職員パネル' };
const FIELD: Record<NonNullable<SensorProblem['field']>, string> = { birthDate: '生年月日', cardExpiry: '有効期限', securityCode: 'セキュリティコード' };

/** What is wrong with a sensor, in the receptionist's words (the adapter's own words follow). Never "card removed". */
export function sensorProblemText(sensor: SensorStatus['sensor'], problem: SensorProblem): string {
  switch (problem.code) {
    case 'noDevice':
      return sensor === 'cardFace' ? '券面を撮るカメラ（スキャナー）がありません。券面は職員が入力します。' : 'カメラがありません（未接続・未設定）。顔認証は使えません。暗証番号か目視確認で受付します。';
    case 'inUse':
      return 'カメラを別のプログラムが使用中です。そのプログラムを閉じてください。';
    case 'fault':
      return 'カメラが故障しています。顔認証は使えません。';
    case 'modelMissing':
      return '顔認証のモデルがインストールされていません（npm ci）。顔認証は使えません。';
    case 'engineMissing':
      return '券面の文字認識（OCR）がインストールされていません。券面は職員が入力します。';
    case 'unreadable':
      return problem.field ? `直近の券面で「${FIELD[problem.field]}」を読み取れませんでした（汚れ・傷・反射など）。職員が入力してください。` : '直近の券面を読み取れませんでした。職員が入力してください。';
    case 'noFrame':
      return '券面が写っていませんでした。カードの表面をカメラに向けてもらってください。';
  }
}

/** The reader's sensors on the staff view: what each is, whether it works, and what went wrong last. */
export function SensorPanel(props: { sensors: SensorStatus[] }) {
  if (props.sensors.length === 0) return null;
  return (
    <section className="panel" aria-label="機器の状態">
      <h2>機器の状態</h2>
      <table className="sensors">
        <tbody>
          {props.sensors.map((s) => (
            <tr key={s.sensor} data-sensor={s.sensor} data-ready={s.ready} data-problem={s.problem?.code ?? ''}>
              <th scope="row">{SENSOR[s.sensor]}</th>
              <td className={s.ready && !s.problem ? 'state' : 'state bad'}>{s.ready ? (s.problem ? '注意' : '正常') : '要対応'}</td>
              <td>
                <div>{s.device}</div>
                {s.problem ? (
                  <>
                    <div className="warning">{sensorProblemText(s.sensor, s.problem)}</div>
                    <small>{s.problem.message}</small>
                  </>
                ) : (
                  !s.ready && <div className="warning">{s.note}</div>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
