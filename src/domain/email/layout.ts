// The two parts of a message from one description. HTML: tables and inline styles only (no
// external CSS, no scripts), 600px wide, every text escaped; plain text: the same content,
// wrapped at 76 columns, links written out.
import type { Language } from '../program';
import type { Block } from './blocks';
import { escapeHtml, textColorOn } from './format';

export interface EmailLayout {
  language: Language;
  subject: string;
  programName: string;
  /** Already checked: #rrggbb. */
  color: string;
  /** Already checked: https, or null. */
  logoUrl: string | null;
  /** Already checked: http(s), or null. */
  storeUrl: string | null;
  greeting: string;
  heading: string;
  blocks: readonly Block[];
  footer: string;
  unsubscribeLabel: string;
  /** Already checked: http(s). */
  unsubscribeUrl: string;
}

const FONT = 'font-family:Arial,Helvetica,sans-serif;';
const MUTED = '#4b5563';
const INK = '#111827';
const RULE = '#e5e7eb';
const TABLE = 'role="presentation" cellpadding="0" cellspacing="0" border="0"';

const multiline = (text: string) => escapeHtml(text).replace(/\r?\n/g, '<br>');

function htmlBlock(block: Block, color: string): string {
  switch (block.kind) {
    case 'paragraph':
      return `<p style="margin:0 0 16px;${FONT}font-size:16px;line-height:24px;color:${INK};">${multiline(block.text)}</p>`;
    case 'facts': {
      const rows = block.rows.map(
        ([label, value]) =>
          `<tr><td style="padding:8px 12px 8px 0;border-bottom:1px solid ${RULE};${FONT}font-size:14px;line-height:20px;color:${MUTED};">${escapeHtml(label)}</td>` +
          `<td align="right" style="padding:8px 0;border-bottom:1px solid ${RULE};${FONT}font-size:16px;line-height:20px;font-weight:bold;color:${INK};">${escapeHtml(value)}</td></tr>`,
      );
      return `<table ${TABLE} width="100%" style="margin:0 0 16px;border-collapse:collapse;">${rows.join('')}</table>`;
    }
    case 'code':
      return (
        `<p style="margin:8px 0 8px;${FONT}font-size:14px;line-height:20px;color:${MUTED};">${escapeHtml(block.label)}</p>` +
        `<table ${TABLE} width="100%" style="margin:0 0 16px;"><tr><td align="center" style="padding:16px;border:2px dashed ${color};border-radius:6px;` +
        `font-family:'Courier New',Courier,monospace;font-size:28px;line-height:36px;font-weight:bold;letter-spacing:2px;word-break:break-all;color:${INK};">` +
        `${escapeHtml(block.code)}</td></tr></table>`
      );
    case 'button': {
      if (block.url === null) return '';
      return (
        `<table ${TABLE} style="margin:8px 0 24px;"><tr><td align="center" bgcolor="${color}" style="border-radius:6px;background-color:${color};">` +
        `<a href="${escapeHtml(block.url)}" target="_blank" style="display:inline-block;padding:12px 24px;${FONT}font-size:16px;line-height:20px;` +
        `font-weight:bold;color:${textColorOn(color)};text-decoration:none;border-radius:6px;">${escapeHtml(block.label)}</a></td></tr></table>`
      );
    }
  }
}

function htmlHeader(layout: EmailLayout): string {
  const onColor = textColorOn(layout.color);
  const brand =
    layout.logoUrl !== null
      ? `<img src="${escapeHtml(layout.logoUrl)}" alt="${escapeHtml(layout.programName)}" height="48" style="display:block;height:48px;max-width:240px;border:0;outline:none;text-decoration:none;${FONT}font-size:20px;font-weight:bold;color:${onColor};">`
      : `<span style="${FONT}font-size:20px;line-height:28px;font-weight:bold;color:${onColor};">${escapeHtml(layout.programName)}</span>`;
  const linked = layout.storeUrl !== null ? `<a href="${escapeHtml(layout.storeUrl)}" target="_blank" style="text-decoration:none;color:${onColor};">${brand}</a>` : brand;
  return `<tr><td bgcolor="${layout.color}" style="padding:20px 24px;background-color:${layout.color};border-radius:8px 8px 0 0;">${linked}</td></tr>`;
}

export function renderHtml(layout: EmailLayout): string {
  const firstParagraph = layout.blocks.find((block) => block.kind === 'paragraph');
  const preheader = firstParagraph?.kind === 'paragraph' ? firstParagraph.text : layout.heading;
  const body = layout.blocks.map((block) => htmlBlock(block, layout.color)).filter((html) => html !== '');
  return [
    '<!DOCTYPE html>',
    `<html lang="${escapeHtml(layout.language)}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="x-apple-disable-message-reformatting">',
    `<title>${escapeHtml(layout.subject)}</title>`,
    '</head>',
    '<body style="margin:0;padding:0;background-color:#f3f4f6;">',
    `<div style="display:none;max-height:0;overflow:hidden;mso-hide:all;">${escapeHtml(preheader)}</div>`,
    `<table ${TABLE} width="100%" style="background-color:#f3f4f6;">`,
    '<tr><td align="center" style="padding:24px 12px;">',
    `<table ${TABLE} width="600" style="width:100%;max-width:600px;background-color:#ffffff;border-radius:8px;">`,
    htmlHeader(layout),
    `<tr><td style="padding:32px 24px 16px;">`,
    `<h1 style="margin:0 0 16px;${FONT}font-size:24px;line-height:32px;font-weight:bold;color:${INK};">${escapeHtml(layout.heading)}</h1>`,
    `<p style="margin:0 0 16px;${FONT}font-size:16px;line-height:24px;color:${INK};">${escapeHtml(layout.greeting)}</p>`,
    ...body,
    '</td></tr>',
    `<tr><td style="padding:16px 24px 24px;border-top:1px solid ${RULE};${FONT}font-size:12px;line-height:18px;color:#6b7280;">`,
    `<p style="margin:0 0 8px;">${escapeHtml(layout.footer)}</p>`,
    `<p style="margin:0;"><a href="${escapeHtml(layout.unsubscribeUrl)}" target="_blank" style="color:#6b7280;text-decoration:underline;">${escapeHtml(layout.unsubscribeLabel)}</a></p>`,
    '</td></tr>',
    '</table>',
    '</td></tr>',
    '</table>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

const WIDTH = 76;

// Words are never split, so a long URL stays whole on its own line.
function wrap(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => {
      const lines: string[] = [];
      let current = '';
      for (const word of line.split(/ +/).filter((w) => w !== '')) {
        if (current !== '' && current.length + 1 + word.length > WIDTH) {
          lines.push(current);
          current = word;
        } else {
          current = current === '' ? word : `${current} ${word}`;
        }
      }
      lines.push(current);
      return lines.join('\n');
    })
    .join('\n');
}

function textBlock(block: Block): string | null {
  switch (block.kind) {
    case 'paragraph':
      return wrap(block.text);
    case 'facts':
      return block.rows.map(([label, value]) => wrap(`${label}: ${value}`)).join('\n');
    case 'code':
      return `${wrap(`${block.label}:`)}\n\n    ${block.code}`;
    case 'button':
      return block.url === null ? null : `${wrap(`${block.label}:`)}\n${block.url}`;
  }
}

export function renderText(layout: EmailLayout): string {
  const parts = [
    layout.storeUrl !== null ? `${layout.programName}\n${layout.storeUrl}` : layout.programName,
    wrap(layout.heading),
    wrap(layout.greeting),
    ...layout.blocks.map(textBlock).filter((part): part is string => part !== null),
    `${'-'.repeat(40)}\n${wrap(layout.footer)}\n${wrap(`${layout.unsubscribeLabel}:`)}\n${layout.unsubscribeUrl}`,
  ];
  return `${parts.join('\n\n')}\n`;
}
