// A small XML reader for the SOAP Salesforce sends (outbound messages): elements, attributes,
// text and CDATA, with the five predefined entities and character references only. A DOCTYPE
// (and so any entity definition) is refused: nothing in the payload can expand or fetch.

export interface XmlElement {
  /** Local name, without the namespace prefix. */
  name: string;
  prefix: string | null;
  /** As written, prefixes included (xsi:type). */
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The element's own text (CDATA included), entities decoded. */
  text: string;
}

export class XmlError extends Error {
  constructor(message: string, at: number) {
    super(`${message} (at character ${at})`);
    this.name = 'XmlError';
  }
}

const NAME = /[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?/y;
const ATTRIBUTE = /\s+([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/y;
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const MAX_DEPTH = 64;

function decode(text: string, at: number): string {
  return text.replace(/&([^;&\s]{1,10});|&/g, (whole, entity: string | undefined) => {
    if (entity === undefined) throw new XmlError('a bare & in text', at);
    if (entity in ENTITIES) return ENTITIES[entity]!;
    const code = /^#x[0-9a-f]{1,6}$/i.test(entity) ? parseInt(entity.slice(2), 16) : /^#\d{1,7}$/.test(entity) ? parseInt(entity.slice(1), 10) : NaN;
    if (!Number.isFinite(code) || code > 0x10ffff) throw new XmlError(`unknown entity ${whole}`, at);
    return String.fromCodePoint(code);
  });
}

function splitName(qualified: string): { prefix: string | null; name: string } {
  const colon = qualified.indexOf(':');
  return colon < 0 ? { prefix: null, name: qualified } : { prefix: qualified.slice(0, colon), name: qualified.slice(colon + 1) };
}

export function parseXml(xml: string): XmlElement {
  let i = 0;
  const stack: { element: XmlElement; qualified: string }[] = [];
  let root: XmlElement | null = null;
  const skipUntil = (end: string, what: string) => {
    const close = xml.indexOf(end, i);
    if (close < 0) throw new XmlError(`unterminated ${what}`, i);
    const body = xml.slice(i, close);
    i = close + end.length;
    return body;
  };
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = xml.slice(i, lt < 0 ? xml.length : lt);
    if (text.trim() !== '') {
      if (stack.length === 0) throw new XmlError('text outside the root element', i);
      stack[stack.length - 1]!.element.text += decode(text, i);
    }
    if (lt < 0) break;
    i = lt;
    if (xml.startsWith('<?', i)) skipUntil('?>', 'processing instruction');
    else if (xml.startsWith('<!--', i)) skipUntil('-->', 'comment');
    else if (xml.startsWith('<![CDATA[', i)) {
      i += 9;
      const body = skipUntil(']]>', 'CDATA section');
      if (stack.length === 0) throw new XmlError('CDATA outside the root element', i);
      stack[stack.length - 1]!.element.text += body;
    } else if (xml.startsWith('<!', i)) throw new XmlError('DOCTYPE and entity declarations are not accepted', i);
    else if (xml.startsWith('</', i)) {
      i += 2;
      NAME.lastIndex = i;
      const match = NAME.exec(xml);
      const open = stack.pop();
      if (!match || !open || match[0] !== open.qualified) throw new XmlError(`unexpected closing tag ${match?.[0] ?? ''}`, i);
      i = NAME.lastIndex;
      while (/\s/.test(xml[i] ?? '')) i++;
      if (xml[i] !== '>') throw new XmlError('malformed closing tag', i);
      i++;
    } else {
      i += 1;
      NAME.lastIndex = i;
      const match = NAME.exec(xml);
      if (!match) throw new XmlError('malformed tag', i);
      i = NAME.lastIndex;
      const attributes: Record<string, string> = {};
      for (;;) {
        ATTRIBUTE.lastIndex = i;
        const attribute = ATTRIBUTE.exec(xml);
        if (!attribute) break;
        attributes[attribute[1]!] = decode(attribute[2] ?? attribute[3] ?? '', i);
        i = ATTRIBUTE.lastIndex;
      }
      while (/\s/.test(xml[i] ?? '')) i++;
      const selfClosing = xml.startsWith('/>', i);
      if (!selfClosing && xml[i] !== '>') throw new XmlError(`malformed tag ${match[0]}`, i);
      i += selfClosing ? 2 : 1;
      const element: XmlElement = { ...splitName(match[0]), attributes, children: [], text: '' };
      if (stack.length > 0) stack[stack.length - 1]!.element.children.push(element);
      else if (root) throw new XmlError('more than one root element', i);
      else root = element;
      if (!selfClosing) stack.push({ element, qualified: match[0] });
      if (stack.length > MAX_DEPTH) throw new XmlError('nested too deeply', i);
    }
  }
  if (stack.length > 0) throw new XmlError(`unclosed element ${stack[stack.length - 1]!.qualified}`, i);
  if (!root) throw new XmlError('no root element', 0);
  return root;
}

export const childrenNamed = (element: XmlElement, name: string): XmlElement[] => element.children.filter((c) => c.name === name);
export const childNamed = (element: XmlElement, name: string): XmlElement | undefined => element.children.find((c) => c.name === name);
export const textOf = (element: XmlElement | undefined, name: string): string | undefined => {
  const child = element && childNamed(element, name);
  return child ? child.text.trim() : undefined;
};
/** An attribute by local name, whatever its prefix. */
export function attributeNamed(element: XmlElement, name: string): string | undefined {
  for (const [key, value] of Object.entries(element.attributes)) if (key === name || key.endsWith(`:${name}`)) return value;
  return undefined;
}

/** Escapes text for element content or an attribute. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}
