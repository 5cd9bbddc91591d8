/**
 * A small, strict reader of flat XML answers (no dependency): the root element's name and the text
 * of single, childless elements, namespace prefixes ignored. Anything else is refused loudly.
 */

/** Thrown when an XML answer does not have the expected shape. */
export class XmlShapeError extends Error {
  override readonly name = 'XmlShapeError';
}

const NAME = '(?:[A-Za-z_][\\w.-]*:)?';
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function decodeXmlText(text: string): string {
  return text.replace(/&(#x[0-9A-Fa-f]+|#\d+|[a-z]+);|&/g, (whole, entity: string | undefined) => {
    if (entity === undefined) throw new XmlShapeError('a bare "&" in XML text');
    if (entity.startsWith('#x')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number(entity.slice(1)));
    const decoded = ENTITIES[entity];
    if (decoded === undefined) throw new XmlShapeError(`unknown XML entity ${whole}`);
    return decoded;
  });
}

/** The local name of the document's root element, or undefined when the text is not XML. */
export function xmlRootName(xml: string): string | undefined {
  const body = xml.replace(/^\uFEFF?\s*(<\?xml[^>]*\?>)?\s*(<!--[\s\S]*?-->\s*)*/, '');
  return new RegExp(`^<${NAME}([A-Za-z_][\\w.-]*)[\\s/>]`).exec(body)?.[1];
}

/** The decoded text of the one element called `name`; undefined when it is absent. */
export function xmlElementText(xml: string, name: string): string | undefined {
  const element = new RegExp(`<${NAME}${name}(?:\\s[^>]*)?(?:/>|>([\\s\\S]*?)</${NAME}${name}\\s*>)`, 'g');
  const matches = [...xml.matchAll(element)];
  if (matches.length === 0) return undefined;
  if (matches.length > 1) throw new XmlShapeError(`<${name}> occurs ${matches.length} times`);
  const content = matches[0]![1] ?? '';
  const pieces = content.split(/(<!\[CDATA\[[\s\S]*?\]\]>)/);
  return pieces
    .map((piece) => {
      if (piece.startsWith('<![CDATA[')) return piece.slice(9, -3);
      if (piece.includes('<')) throw new XmlShapeError(`<${name}> holds markup, not text`);
      return decodeXmlText(piece);
    })
    .join('');
}
