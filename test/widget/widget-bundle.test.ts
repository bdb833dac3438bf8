// The built widget.js run the way a store page runs it, in a bare JavaScript context with only the
// few browser objects its start-up touches: it adds nothing to the page's globals, registers
// <pontua-widget> once however many copies of the script the page has, and puts the element where
// the script tag says, with the tag's key, mode and API address.
import { runInNewContext } from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleWidget } from '../../widget/bundle';

let code: string;
beforeAll(async () => {
  ({ code } = await bundleWidget());
});

class FakeElement {
  readonly attributes = new Map<string, string>();
  readonly inserted: FakeElement[] = [];
  constructor(readonly tagName: string) {}
  setAttribute(name: string, value: string) {
    this.attributes.set(name, value);
  }
  getAttribute(name: string) {
    return this.attributes.get(name) ?? null;
  }
  hasAttribute(name: string) {
    return this.attributes.has(name);
  }
  appendChild(child: FakeElement) {
    this.inserted.push(child);
    return child;
  }
  after(sibling: FakeElement) {
    this.inserted.push(sibling);
  }
  contains(other: unknown) {
    return other === this || this.inserted.includes(other as FakeElement);
  }
}

function storePage(scriptAttributes: Record<string, string>, src = 'https://pontua.example/widget.js') {
  class HTMLElement {}
  class HTMLScriptElement extends FakeElement {
    src = src;
  }
  const script = new HTMLScriptElement('script');
  for (const [name, value] of Object.entries(scriptAttributes)) script.setAttribute(name, value);
  const body = new FakeElement('body');
  body.inserted.push(script);
  const defined = new Map<string, unknown>();
  const defineCalls: string[] = [];
  const page = {
    HTMLElement,
    HTMLScriptElement,
    customElements: {
      get: (name: string) => defined.get(name),
      define: (name: string, constructor: unknown) => {
        if (defined.has(name)) throw new Error(`${name} has already been defined`);
        defineCalls.push(name);
        defined.set(name, constructor);
      },
    },
    document: {
      currentScript: script as FakeElement | null,
      readyState: 'complete',
      body,
      documentElement: new FakeElement('html'),
      createElement: (tag: string) => new FakeElement(tag),
      querySelector: () => null,
      addEventListener: () => {},
    },
    console: { warn: () => {} },
    URL,
    setTimeout,
    clearTimeout,
  };
  return { page, script, body, defineCalls };
}

const ownNames = (context: object) => new Set(Object.getOwnPropertyNames(context));

describe('widget bundle on a store page', () => {
  it('adds no global, registers <pontua-widget>, and puts a launcher at the end of <body>', () => {
    const { page, body, defineCalls } = storePage({ 'data-key': 'pk_0123456789abcdef0123456789abcdef', 'data-mode': 'launcher' });
    const before = ownNames(page);
    runInNewContext(code, page);
    expect([...ownNames(page)].filter((name) => !before.has(name))).toEqual([]);
    expect(defineCalls).toEqual(['pontua-widget']);
    const element = body.inserted.at(-1)!;
    expect(element.tagName).toBe('pontua-widget');
    expect(Object.fromEntries(element.attributes)).toEqual({
      'data-key': 'pk_0123456789abcdef0123456789abcdef', 'data-api': 'https://pontua.example/api/storefront/v1', 'data-mode': 'launcher',
    });
  });

  it('a second copy of the script (a page with both modes) does not define the element again, and mounts its own', () => {
    const { page, script, defineCalls } = storePage({ 'data-key': 'pk_0123456789abcdef0123456789abcdef', 'data-mode': 'page' });
    runInNewContext(code, page);
    const second = new page.HTMLScriptElement('script');
    second.setAttribute('data-key', 'pk_0123456789abcdef0123456789abcdef');
    page.document.currentScript = second;
    runInNewContext(code, page);
    expect(defineCalls).toEqual(['pontua-widget']);
    // Page mode without data-target: in place of the script tag.
    expect(script.inserted.map((element) => element.getAttribute('data-mode'))).toEqual(['page']);
    expect(second.hasAttribute('data-pontua-mounted')).toBe(true);
  });

  it('mounts nothing for a tag without a valid key', () => {
    const { page, body } = storePage({ 'data-key': 'not-a-key' });
    runInNewContext(code, page);
    expect(body.inserted.map((element) => element.tagName)).toEqual(['script']);
  });
});
