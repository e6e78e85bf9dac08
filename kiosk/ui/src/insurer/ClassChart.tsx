import { LINKAGE_CLASSES, type ClassCounts, type LinkageClass } from '../../../../protocol/linkageReport/LinkageReport.ts';
import { CLASS_TEXT } from './insurerText.ts';

export const CLASS_COLOR: Record<LinkageClass, string> = {
  exact: '#9ca3af',
  notationOnly: '#60a5fa',
  addressOnly: '#fbbf24',
  addressNotRegistered: '#d1d5db',
  nameChanged: '#a78bfa',
  numberUnknown: '#f97316',
  otherPerson: '#dc2626',
};

/** Horizontal bars, one per class, on a log scale: 一致 is a hundred thousand times 別人の疑い. */
export function ClassChart(props: { counts: ClassCounts; label: string }) {
  const max = Math.max(1, ...Object.values(props.counts));
  const width = 420;
  const row = 26;
  return (
    <svg role="img" aria-label={props.label} width={width + 260} height={LINKAGE_CLASSES.length * row + 8}>
      {LINKAGE_CLASSES.map((c, i) => {
        const n = props.counts[c];
        const w = n === 0 ? 0 : Math.max(2, (Math.log10(n + 1) / Math.log10(max + 1)) * width);
        return (
          <g key={c} transform={`translate(0, ${i * row + 4})`} data-class={c}>
            <text x={0} y={17} fontSize={13}>
              {CLASS_TEXT[c]}
            </text>
            <rect x={110} y={4} width={w} height={18} fill={CLASS_COLOR[c]} />
            <text x={116 + w} y={17} fontSize={13}>
              {n.toLocaleString('ja-JP')}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** One stacked bar per insurer: the suspect classes only (what the insurer must act on). */
export function InsurerChart(props: { insurers: { insurerNumber: string; insurerName: string; byClass: ClassCounts }[]; onPick: (insurer: string) => void }) {
  const shown: LinkageClass[] = ['otherPerson', 'numberUnknown', 'nameChanged', 'addressOnly', 'notationOnly'];
  const total = (c: ClassCounts) => shown.reduce((a, k) => a + c[k], 0);
  const max = Math.max(1, ...props.insurers.map((i) => total(i.byClass)));
  const width = 360;
  const row = 24;
  return (
    <svg role="img" aria-label="保険者別の疑い件数" width={width + 330} height={props.insurers.length * row + 8}>
      {props.insurers.map((ins, i) => {
        let x = 230;
        return (
          <g key={ins.insurerNumber} transform={`translate(0, ${i * row + 4})`} onClick={() => props.onPick(ins.insurerNumber)} style={{ cursor: 'pointer' }}>
            <text x={0} y={16} fontSize={12}>
              {ins.insurerName}
            </text>
            {shown.map((k) => {
              const w = (ins.byClass[k] / max) * width;
              const bar = <rect key={k} x={x} y={3} width={w} height={17} fill={CLASS_COLOR[k]} />;
              x += w;
              return bar;
            })}
            <text x={x + 6} y={16} fontSize={12}>
              {total(ins.byClass).toLocaleString('ja-JP')}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
