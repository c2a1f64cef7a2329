/** Text placed in HTML (element content or a quoted attribute), escaped. */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] as string,
  );
}

export const HTML_HEADERS = { 'Content-Type': 'text/html; charset=utf-8' } as const;

/** A whole page: Kashier's look reduced to what a test and a person need. */
export function page(title: string, body: string, options: { rtl?: boolean; accent?: string } = {}): string {
  const accent = options.accent ?? '#1f4dd8';
  return `<!doctype html>
<html lang="${options.rtl ? 'ar' : 'en'}" dir="${options.rtl ? 'rtl' : 'ltr'}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:34rem;margin:2rem auto;padding:0 1rem;color:#1b1f24}
h1{font-size:1.3rem}fieldset{border:1px solid #ccd;border-radius:6px;margin:1rem 0}
label{display:block;margin:.5rem 0}input{font-size:1rem;padding:.3rem;width:100%;box-sizing:border-box}
button{background:${accent};color:#fff;border:0;border-radius:4px;padding:.6rem 1.2rem;font-size:1rem}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #dde;padding:.3rem;text-align:start}
.reason{font-family:monospace;color:#a00}.sandbox{font-size:.8rem;color:#667}
</style></head>
<body>
${body}
<p class="sandbox">partner-sandbox: a simulation of Kashier's hosted payment page; no card is ever charged.</p>
</body></html>
`;
}
