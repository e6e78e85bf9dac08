/**
 * Where a command trace touches the 個人番号: the 券面事項入力補助AP's EF 0001 (the number itself) or the
 * 券面AP's EF 0005 (the number rendered as an image), by SELECT or by a READ BINARY with a short EF id.
 * The current application is followed as the card follows it: SELECT by DF name picks the first
 * application (in card order) whose name starts with the data.
 */
const APPLICATIONS = [
  { name: 'common', aid: 'D3921000310001010100' },
  { name: 'juki', aid: 'D3921000310001010401' },
  { name: 'cardFace', aid: 'D3921000310001010402', myNumberFid: '0005' },
  { name: 'textInput', aid: 'D3921000310001010408', myNumberFid: '0001' },
  { name: 'jpki', aid: 'D392F000260100000001' },
] as const;

export function myNumberAccesses(commands: readonly string[]): string[] {
  let current: (typeof APPLICATIONS)[number] | undefined;
  const found: string[] = [];
  for (const raw of commands) {
    const c = raw.toUpperCase();
    const ins = c.slice(2, 4);
    const p1 = c.slice(4, 6);
    if (ins === 'A4' && p1 === '04') {
      const lc = parseInt(c.slice(8, 10), 16);
      const name = c.slice(10, 10 + 2 * lc);
      current = APPLICATIONS.find((a) => name.length > 0 && a.aid.startsWith(name));
      continue;
    }
    const fid = current && 'myNumberFid' in current ? current.myNumberFid : undefined;
    if (!fid) continue;
    if (ins === 'A4' && p1 === '02' && c.slice(10, 14) === fid) found.push(`${current!.name}: ${raw}`);
    if (ins === 'B0' && parseInt(p1, 16) === (0x80 | parseInt(fid, 16))) found.push(`${current!.name}: ${raw}`);
  }
  return found;
}
