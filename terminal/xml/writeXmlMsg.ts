import { XMLBuilder } from 'fast-xml-parser';
import { DECLARED_NAME, encodeXmlDocument, type FileEncoding } from './FileEncoding.ts';

/** An element tree to write: a value of null, undefined or an empty list is an element left out. */
export type XmlOut = { [element: string]: XmlOutValue };
export type XmlOutValue = string | number | null | undefined | XmlOut | XmlOutValue[];

const builder = new XMLBuilder({ format: true, indentBy: '    ', suppressEmptyNode: true, processEntities: true });

/**
 * The real files leave an empty item out rather than writing it empty (research/terminal-files.md §2);
 * line breaks inside a value would be turned into CRLF with the layout's, so control characters (never
 * in a real value) become spaces.
 */
function compact(value: XmlOutValue): XmlOutValue {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) {
    const items = value.map(compact).filter((v) => v !== undefined);
    return items.length > 0 ? items : undefined;
  }
  if (typeof value === 'object') {
    const out: XmlOut = {};
    for (const [key, child] of Object.entries(value)) {
      const c = compact(child);
      if (c !== undefined) out[key] = c;
    }
    return out;
  }
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  return String(value).replace(/[\u0000-\u001f\u007f]/g, ' ');
}

/**
 * An XmlMsg document as the bytes of a file: `<?xml version="1.0" encoding="…" standalone="no"?>` as the
 * real files declare it, 4-space indentation and CRLF (ours: the terminal's own line ends are not public),
 * elements in the order of the tree, in UTF-8 (no BOM) or Shift_JIS (FileEncoding.ts).
 */
export function writeXmlMsg(message: { MessageHeader: XmlOut; MessageBody: XmlOut }, encoding: FileEncoding): Buffer {
  const body = builder.build({ XmlMsg: compact(message as unknown as XmlOut) }) as string;
  const text = `<?xml version="1.0" encoding="${DECLARED_NAME[encoding]}" standalone="no"?>\n${body}`.replace(/\n/g, '\r\n');
  return encodeXmlDocument(text, encoding);
}
