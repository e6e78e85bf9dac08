import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { RequestRejection } from '../files/RequestRejection.ts';

/** Elements that may repeat in a request: they are read as arrays even when there is one. */
const REPEATABLE = new Set(['QualificationConfirmSearchInfo', 'ReferenceNumberRegistrationInfo']);
const XML_ENTITIES = new Set(['lt', 'gt', 'amp', 'apos', 'quot']);

const parser = new XMLParser({
  ignoreAttributes: true,
  // Values stay text: 保険者番号 "  138057" keeps its spaces, 枝番 "01" its zero.
  parseTagValue: false,
  trimValues: false,
  processEntities: true,
  // Decodes numeric character references (&#x20BB7;); named HTML entities are refused before parsing.
  htmlEntities: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  isArray: (name) => REPEATABLE.has(name),
});

export type XmlTree = { [element: string]: XmlValue };
export type XmlValue = string | XmlTree | XmlValue[];

/** Whitespace between elements is layout, not content: drop it; text beside elements is kept, for the schema to refuse. */
function clean(value: unknown): XmlValue {
  if (Array.isArray(value)) return value.map(clean);
  if (value !== null && typeof value === 'object') {
    const out: XmlTree = {};
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      if (key === '#text' && typeof child === 'string' && child.trim() === '') continue;
      out[key] = clean(child);
    }
    return out;
  }
  return String(value ?? '');
}

/**
 * The XmlMsg of a request, read from its decoded text: elements as nested objects, values as strings.
 * Refused before parsing: a DOCTYPE (no DTD, no entity expansion, so no XXE and no entity bombs), text
 * that is not well-formed (with the parser's line and column), and entities XML does not define.
 */
export function readXmlMsg(text: string): XmlTree {
  if (/<!DOCTYPE/i.test(text)) throw new RequestRejection('DOCTYPE_REFUSED', '<!DOCTYPE> を取り除いてください');
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    // The validator reports a file cut short as a JSON list of the tags left open: say it in words.
    const open = /^Invalid '(\[.*\])' found/s.exec(valid.err.msg)?.[1];
    if (open) throw new RequestRejection('NOT_WELL_FORMED', `ファイルの終わりで閉じられていない要素があります: ${(JSON.parse(open) as string[]).join(' > ')}。ファイルが途中で切れていませんか`);
    throw new RequestRejection('NOT_WELL_FORMED', `${valid.err.line}行目${valid.err.col ? ` ${valid.err.col}桁` : ''}: ${valid.err.msg}`);
  }
  for (const m of text.matchAll(/&([A-Za-z_][\w.-]*);/g)) {
    if (!XML_ENTITIES.has(m[1]!)) throw new RequestRejection('NOT_WELL_FORMED', `${text.slice(0, m.index).split('\n').length}行目: 未定義の実体参照 &${m[1]}; があります`);
  }
  const tree = clean(parser.parse(text)) as XmlTree;
  const roots = Object.keys(tree);
  if (roots.length !== 1 || roots[0] !== 'XmlMsg' || typeof tree.XmlMsg !== 'object' || Array.isArray(tree.XmlMsg)) {
    throw new RequestRejection('NOT_WELL_FORMED', `ルート要素は XmlMsg ひとつです（${roots.join(', ') || 'なし'}）`);
  }
  return tree.XmlMsg;
}
