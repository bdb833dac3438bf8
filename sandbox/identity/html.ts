// Plain server-rendered pages for the storefront and checkout: no framework, no script of their
// own (only what the merchant added: `tail`, see storefront-scripts.ts).

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function page(account: string, title: string, body: string, tail = ''): string {
  return `<!doctype html>
<html lang="pt-BR"><head><meta charset="utf-8"><title>${escapeHtml(title)} · ${escapeHtml(account)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.4rem;text-align:left}
.error{color:#b00020}.ok{color:#0a7a2f}form.inline{display:inline}nav a{margin-right:1rem}</style></head>
<body><nav><a href="/${escapeHtml(account)}/">${escapeHtml(account)}</a><a href="/${escapeHtml(account)}/checkout">Carrinho</a></nav>
<p><small>VTEX sandbox storefront — not a real store.</small></p>
${body}
${tail}</body></html>`;
}
