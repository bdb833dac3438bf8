// The bundle's entry (esbuild wraps it in an IIFE: nothing lands on window but the element's
// registration). It reads its own <script> tag and puts a <pontua-widget> on the page: at the end
// of <body> for the launcher; for a page, in data-target="#id" or where the script tag is.
import { readConfig, type WidgetConfig } from './script-config';
import { defineWidget, TAG } from './pontua-widget';

const MOUNTED = 'data-pontua-mounted';
/** A page target rendered later by the store's framework (VTEX IO) is waited for this long. */
const TARGET_WAIT_MS = 30_000;

function ownScript(): HTMLScriptElement | null {
  const current = document.currentScript;
  if (current instanceof HTMLScriptElement && !current.hasAttribute(MOUNTED)) return current;
  // currentScript is unset when a loader evaluates the file: the first tag of ours not mounted yet.
  return document.querySelector<HTMLScriptElement>(`script[src*="widget.js"][data-key]:not([${MOUNTED}])`);
}

function whenDocumentReady(run: () => void): void {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', run, { once: true });
  else run();
}

function findTarget(selector: string): Element | null {
  try {
    return document.querySelector(selector);
  } catch {
    console.warn(`[pontua] data-target is not a valid CSS selector: ${selector}`);
    return null;
  }
}

function waitForTarget(selector: string, place: (target: Element) => void): void {
  const found = findTarget(selector);
  if (found) return place(found);
  const observer = new MutationObserver(() => {
    const target = findTarget(selector);
    if (!target) return;
    observer.disconnect();
    clearTimeout(giveUp);
    place(target);
  });
  observer.observe(document.documentElement, { childList: true, subtree: true });
  const giveUp = setTimeout(() => {
    observer.disconnect();
    console.warn(`[pontua] no element matches data-target="${selector}"`);
  }, TARGET_WAIT_MS);
}

function widgetElement(config: WidgetConfig): HTMLElement {
  const element = document.createElement(TAG);
  element.setAttribute('data-key', config.publicKey);
  element.setAttribute('data-api', config.apiBase);
  element.setAttribute('data-mode', config.mode);
  return element;
}

function mount(script: HTMLScriptElement): void {
  script.setAttribute(MOUNTED, '');
  const read = readConfig(script.src, (name) => script.getAttribute(name));
  if (!read.ok) {
    console.warn(`[pontua] ${read.problem}`);
    return;
  }
  const { config } = read;
  const element = widgetElement(config);
  if (config.mode === 'launcher') {
    whenDocumentReady(() => document.body.appendChild(element));
  } else if (config.target) {
    const target = config.target;
    whenDocumentReady(() => waitForTarget(target, (found) => found.appendChild(element)));
  } else if (document.body?.contains(script)) {
    script.after(element);
  } else {
    console.warn('[pontua] data-mode="page" needs the script tag in <body> or a data-target; showing the page at the end of <body>');
    whenDocumentReady(() => document.body.appendChild(element));
  }
}

defineWidget();
const script = ownScript();
if (script) mount(script);
