/*
 * NameKana on the real result is half-width katakana with a half-width space (ｼﾝﾘｮｳ ﾀﾛｳ), while the service
 * keeps it full-width as the insurers register it (research/terminal-files.md §3.4, §7 gap 1). NFKC maps
 * the half-width form back, so a reader can compare the two without loss.
 */
const FULL = 'ァアィイゥウェエォオカキクケコサシスセソタチッツテトナニヌネノハヒフヘホマミムメモャヤュユョヨラリルレロワヲンー・　「」、。゛゜';
const HALF = 'ｧｱｨｲｩｳｪｴｫｵｶｷｸｹｺｻｼｽｾｿﾀﾁｯﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓｬﾔｭﾕｮﾖﾗﾘﾙﾚﾛﾜｦﾝｰ･ ｢｣､｡ﾞﾟ';
const SINGLE = new Map([...FULL].map((ch, i) => [ch, [...HALF][i]!]));

/** Katakana (and the space, ー, ・) in half-width form; voiced kana as base + ﾞ/ﾟ. Anything without a half-width form stays. */
export function toHalfWidthKana(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFD')) {
    if (ch === '\u3099') out += 'ﾞ';
    else if (ch === '\u309a') out += 'ﾟ';
    else out += SINGLE.get(ch) ?? ch;
  }
  // What had no half-width form (ヰ, ヶ, kanji) is put back composed, as it came.
  return out.normalize('NFC');
}
