import type { ReactNode } from 'react';

/** One patient step: a headline, a plain sentence, an optional progress bar, then the buttons. */
export function Message(props: { title: string; hint?: string; busy?: boolean; tone?: 'normal' | 'attention' | 'done'; body?: ReactNode; children?: ReactNode }) {
  return (
    <section className={`message tone-${props.tone ?? 'normal'}`}>
      <h1>{props.title}</h1>
      {props.hint && <p className="hint">{props.hint}</p>}
      {props.body}
      {props.busy && <div className="progress" role="progressbar" aria-busy="true" />}
      {props.children && <div className="actions">{props.children}</div>}
    </section>
  );
}
