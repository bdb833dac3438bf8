// What a message body is made of. Texts are plain strings, never markup: the layout escapes every
// one of them for the HTML part and uses them as they are in the plain-text part.

export type Block =
  | { kind: 'paragraph'; text: string }
  /** Label and value pairs: the numbers and dates the message is about. */
  | { kind: 'facts'; rows: ReadonlyArray<readonly [label: string, value: string]> }
  /** A code shown large, to be typed at checkout. */
  | { kind: 'code'; label: string; code: string }
  /** A call to action; left out when there is no URL. */
  | { kind: 'button'; label: string; url: string | null };

export const paragraph = (text: string): Block => ({ kind: 'paragraph', text });
export const facts = (...rows: Array<readonly [label: string, value: string]>): Block => ({ kind: 'facts', rows });
export const code = (label: string, value: string): Block => ({ kind: 'code', label, code: value });
export const button = (label: string, url: string | null): Block => ({ kind: 'button', label, url });
