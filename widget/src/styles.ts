// The widget's own styles, inside its shadow root: the store's CSS does not reach in, and these do
// not leak out. Colours come from the program's theme (theme.ts) as --pontua-* properties.
import { readableOnWhite, textOn, themeColor } from './theme';

export function themeCss(color: string | null): string {
  const brand = themeColor(color);
  return `:host{--pontua-color:${brand};--pontua-on-color:${textOn(brand)};--pontua-accent:${readableOnWhite(brand)}}`;
}

export const BASE_CSS = `
:host{display:block;font-family:inherit;font-size:16px;line-height:1.45;color:#1f2328;text-align:start}
:host([data-mode=launcher]){height:0}
*,*::before,*::after{box-sizing:border-box}
[hidden]{display:none!important}
h2,h3,h4,p,ul{margin:0}
h3{font-size:1rem;color:var(--pontua-accent)}
h4{font-size:.9rem}
button,a,input{font:inherit}
:focus-visible{outline:3px solid #111;outline-offset:2px;box-shadow:0 0 0 5px #fff}
.sr-only{position:absolute;width:1px;height:1px;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
.launcher{position:fixed;right:20px;bottom:20px;z-index:2147483000;display:flex;align-items:center;gap:8px;min-height:48px;padding:12px 20px;border:0;border-radius:999px;background:var(--pontua-color);color:var(--pontua-on-color);font-weight:600;font-size:15px;box-shadow:0 4px 16px rgba(0,0,0,.25);cursor:pointer}
.backdrop{position:fixed;inset:0;z-index:2147483000;background:rgba(0,0,0,.2)}
.panel{position:fixed;right:20px;bottom:84px;z-index:2147483001;width:min(400px,calc(100vw - 24px));max-height:min(680px,calc(100vh - 110px));overflow:auto;background:#fff;color:#1f2328;border-radius:14px;box-shadow:0 12px 40px rgba(0,0,0,.3);animation:pontua-in .18s ease-out}
@keyframes pontua-in{from{opacity:0;transform:translateY(8px)}to{opacity:1;transform:none}}
@media (max-width:480px){.launcher{right:12px;bottom:12px}.panel{left:12px;right:12px;bottom:72px;width:auto}}
@media (prefers-reduced-motion:reduce){*,*::before,*::after{animation:none!important;transition:none!important}}
.header{position:sticky;top:0;z-index:1;display:flex;align-items:center;gap:10px;padding:12px 16px;background:var(--pontua-color);color:var(--pontua-on-color)}
.header h2{flex:1;font-size:1.1rem}
.logo{height:32px;max-width:110px;object-fit:contain}
.close{width:44px;height:44px;border:0;border-radius:8px;background:transparent;color:inherit;font-size:24px;line-height:1;cursor:pointer}
.body{display:grid;grid-template-columns:minmax(0,1fr);gap:22px;padding:16px}
.page{max-width:1040px;margin:0 auto;overflow:hidden;background:#fff;color:#1f2328;border:1px solid #d0d7de;border-radius:14px}
.page .body{grid-template-columns:repeat(auto-fit,minmax(min(280px,100%),1fr));gap:28px;padding:24px}
@media (max-width:480px){.page .body{padding:16px}}
.page .wide{grid-column:1/-1}
section{display:grid;gap:8px;align-content:start}
.big{font-size:1.8rem;font-weight:700;color:#1f2328}
.muted{color:#57606a;font-size:.875rem}
.list{display:grid;grid-template-columns:minmax(0,1fr);gap:10px;padding:0;list-style:none}
.page .rewards{grid-template-columns:repeat(auto-fill,minmax(min(230px,100%),1fr))}
.reward,.coupon{display:grid;gap:6px;padding:12px;border:1px solid #d0d7de;border-radius:10px}
.reward img{width:100%;max-height:140px;object-fit:contain;border-radius:8px}
.panel .reward img{width:64px;height:64px}
.btn{display:inline-block;min-height:40px;padding:8px 16px;border:2px solid var(--pontua-color);border-radius:8px;background:var(--pontua-color);color:var(--pontua-on-color);font-weight:600;text-align:center;text-decoration:none;cursor:pointer}
.btn.secondary{border-color:var(--pontua-accent);background:#fff;color:var(--pontua-accent)}
.btn[aria-disabled=true]{opacity:.65;cursor:progress}
.actions{display:flex;flex-wrap:wrap;gap:8px}
.confirm,.result{display:grid;gap:8px;padding:12px;border-radius:8px;background:#f6f8fa}
.error{color:#b42318}
.code-row{display:flex;flex-wrap:wrap;gap:8px}
.code{flex:1 1 10em;width:10em;min-width:0;padding:8px;border:2px dashed var(--pontua-accent);border-radius:8px;background:#fff;color:#111;font:600 1rem ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;letter-spacing:.05em}
.badge{justify-self:start;padding:2px 10px;border-radius:999px;background:#eaeef2;color:#1f2328;font-size:.8rem}
.badge.issued{background:var(--pontua-color);color:var(--pontua-on-color)}
.history li{display:flex;justify-content:space-between;gap:12px;padding:6px 0;border-bottom:1px solid #eaeef2;font-size:.9rem}
.plus{color:#1a7f37;font-weight:600;white-space:nowrap}
.minus{color:#b42318;font-weight:600;white-space:nowrap}
.pre{white-space:pre-line}
.pitch{display:grid;gap:12px;justify-items:start}
.code-form{display:grid;gap:8px;width:min(100%,380px);padding:12px;border-radius:8px;background:#f6f8fa}
.code-form label{font-weight:600;font-size:.9rem}
.field{width:100%;min-height:44px;padding:8px 10px;border:1px solid #6e7781;border-radius:8px;background:#fff;color:#1f2328}
.field[aria-invalid=true]{border:2px solid #b42318}
.digits{font:600 1.25rem ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;letter-spacing:.3em}
.link{min-height:32px;padding:4px 0;border:0;background:none;color:var(--pontua-accent);text-decoration:underline;cursor:pointer}
.link:disabled{color:#57606a;text-decoration:none;cursor:default}
.link[aria-disabled=true]{cursor:progress}
.toast{position:fixed;left:50%;bottom:24px;z-index:2147483002;transform:translateX(-50%);max-width:calc(100vw - 32px);padding:10px 16px;border-radius:8px;background:#1f2328;color:#fff;font-size:.9rem}
.toast:empty{display:none}
`;
