import { useEffect, useState } from 'react';
import { LINKAGE_CLASSES, LINKAGE_REPORT_PATHS, LinkageReportSchema, SuspectPageSchema, type LinkageClass, type LinkageReport, type ReportItemName, type Suspect, type SuspectPage } from '../../../../protocol/linkageReport/LinkageReport.ts';
import { ClassChart, InsurerChart } from './ClassChart.tsx';
import { CLASS_TEXT, comparisonText, ITEM_TEXT, REASON_TEXT, SEX_TEXT } from './insurerText.ts';

const ITEMS: ReportItemName[] = ['name', 'nameKana', 'birthDate', 'sex', 'address'];

function shown(item: ReportItemName, value: string | null | undefined): string {
  if (value === null || value === undefined) return '（未登録）';
  return item === 'sex' ? (SEX_TEXT[value] ?? value) : value;
}

function SideBySide(props: { suspect: Suspect }) {
  const s = props.suspect;
  return (
    <section className="panel" aria-label="保険者の記録とJ-LIS">
      <h2>
        {s.linkageId}（{CLASS_TEXT[s.class]}）
      </h2>
      {s.reasons.length > 0 && <p className="warning">{s.reasons.map((r) => REASON_TEXT[r]).join('／')}</p>}
      <table className="list">
        <thead>
          <tr>
            <th>項目</th>
            <th>保険者の登録</th>
            <th>J-LIS（住民基本台帳）</th>
            <th>照合</th>
          </tr>
        </thead>
        <tbody>
          {ITEMS.map((item) => {
            const c = s.items[item];
            return (
              <tr key={item} className={c?.kind === 'different' ? 'differs' : c?.kind === 'tolerant' ? 'tolerated' : ''} data-item={item}>
                <td>{ITEM_TEXT[item]}</td>
                <td>{shown(item, s.registered[item])}</td>
                <td>{s.jlis ? shown(item, s.jlis[item]) : '該当なし'}</td>
                <td>{comparisonText(c)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {s.jlisChanges.length > 0 && <p className="muted">J-LIS 変更情報: {s.jlisChanges.map((c) => `${c.on} ${c.reason}`).join('、')}</p>}
    </section>
  );
}

/** The insurer's page of the 総点検: the counts as charts, the suspect list, one suspect beside J-LIS. */
export function InsurerApp() {
  const [report, setReport] = useState<LinkageReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [insurer, setInsurer] = useState<string>('');
  const [cls, setCls] = useState<LinkageClass | ''>('otherPerson');
  const [page, setPage] = useState<SuspectPage | null>(null);
  const [picked, setPicked] = useState<Suspect | null>(null);

  useEffect(() => {
    fetch(LINKAGE_REPORT_PATHS.summary)
      .then((r) => r.json())
      .then((j) => setReport(LinkageReportSchema.parse(j)))
      .catch((e: unknown) => setError(String(e)));
  }, []);
  useEffect(() => {
    const q = new URLSearchParams();
    if (insurer) q.set('insurer', insurer);
    if (cls) q.set('class', cls);
    fetch(`${LINKAGE_REPORT_PATHS.suspects}?${q.toString()}`)
      .then((r) => r.json())
      .then((j) => {
        const p = SuspectPageSchema.parse(j);
        setPage(p);
        setPicked(p.suspects[0] ?? null);
      })
      .catch((e: unknown) => setError(String(e)));
  }, [insurer, cls]);

  const counts = insurer ? report?.byInsurer.find((i) => i.insurerNumber === insurer)?.byClass : report?.byClass;
  return (
    <div className="desk" lang="ja">
      <header className="desk-header">
        <h1>総点検: 保険者の確認画面</h1>
        {report && (
          <span className="status">
            {report.linkages.toLocaleString('ja-JP')} 件を J-LIS 5情報と照合
            {report.truth && `（正解ラベル: 再現率 ${(report.truth.recall * 100).toFixed(1)} %、適合率 ${(report.truth.precision * 100).toFixed(1)} %）`}
          </span>
        )}
      </header>
      {error && <p className="warning">読み込めません: {error}</p>}
      {report && counts && (
        <div className="desk-body">
          <div>
            <section className="panel" aria-label="区分別の件数">
              <h2>区分別の件数{insurer && `（${report.byInsurer.find((i) => i.insurerNumber === insurer)?.insurerName}）`}</h2>
              <ClassChart counts={counts} label="区分別の件数" />
            </section>
            <section className="panel" aria-label="保険者別">
              <h2>保険者別（疑いのある区分）</h2>
              <InsurerChart insurers={report.byInsurer} onPick={setInsurer} />
              <p>
                <select aria-label="保険者" value={insurer} onChange={(e) => setInsurer(e.target.value)}>
                  <option value="">すべての保険者</option>
                  {report.byInsurer.map((i) => (
                    <option key={i.insurerNumber} value={i.insurerNumber}>
                      {i.insurerName}
                    </option>
                  ))}
                </select>
                <select aria-label="区分" value={cls} onChange={(e) => setCls(e.target.value as LinkageClass | '')}>
                  <option value="">疑いのあるすべての区分</option>
                  {LINKAGE_CLASSES.filter((c) => c !== 'exact' && c !== 'addressNotRegistered').map((c) => (
                    <option key={c} value={c}>
                      {CLASS_TEXT[c]}
                    </option>
                  ))}
                </select>
              </p>
            </section>
          </div>
          <div>
            <section className="panel" aria-label="疑いのある紐付け">
              <h2>疑いのある紐付け（{page?.total.toLocaleString('ja-JP') ?? '…'}件）</h2>
              <div className="scroll">
                <table className="list">
                  <thead>
                    <tr>
                      <th>区分</th>
                      <th>保険者の登録氏名</th>
                      {ITEMS.map((i) => (
                        <th key={i}>{ITEM_TEXT[i]}</th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {page?.suspects.map((s) => (
                      <tr key={s.linkageId} onClick={() => setPicked(s)} className={picked?.linkageId === s.linkageId ? 'picked' : ''} data-linkage={s.linkageId}>
                        <td>
                          <span className={s.class === 'otherPerson' ? 'tag red' : 'tag'}>{CLASS_TEXT[s.class]}</span>
                        </td>
                        <td>{s.registered.name}</td>
                        {ITEMS.map((i) => (
                          <td key={i} className={s.items[i]?.kind === 'different' ? 'differs' : s.items[i]?.kind === 'tolerant' ? 'tolerated' : ''}>
                            {comparisonText(s.items[i])}
                          </td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
            {picked && <SideBySide suspect={picked} />}
          </div>
        </div>
      )}
    </div>
  );
}
