/**
 * The inspector page's markup and style, served as they are by every provider's `/__sandbox/`: no build step,
 * no CDN, no font or image from elsewhere, so it works offline. The script is in ./script.ts.
 */

export const INSPECTOR_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>partner-sandbox inspector</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="inspector.css">
<script src="inspector.js" defer></script>
</head>
<body>
<a class="skip" href="#requests-title">Skip to the requests</a>
<header>
  <h1>partner-sandbox inspector <span id="scope-name"></span></h1>
  <p id="updated" class="muted">Connecting…</p>
</header>
<div id="token-box" hidden>
  <form id="token-form">
    <label for="token">Control token (the sandbox was started with <code>--control-token</code>)</label>
    <input id="token" type="password" autocomplete="off">
    <button type="submit">Use token</button>
  </form>
</div>
<p id="status" role="status"></p>
<form id="filters" role="search" aria-label="Filter the requests">
  <div>
    <label for="f-scope">Providers</label>
    <select id="f-scope">
      <option value="self">This provider</option>
      <option value="all">All running providers</option>
    </select>
  </div>
  <div>
    <label for="f-status">Status</label>
    <input id="f-status" type="text" inputmode="numeric" placeholder="401 or 4xx" size="8">
  </div>
  <div>
    <label for="f-reason">Reason code</label>
    <input id="f-reason" type="text" list="reasons" placeholder="SIGNATURE" size="22">
    <datalist id="reasons"></datalist>
  </div>
  <div>
    <label for="f-operation">Operation</label>
    <input id="f-operation" type="text" list="operations" size="18">
    <datalist id="operations"></datalist>
  </div>
  <div>
    <label for="f-text">Text</label>
    <input id="f-text" type="search" placeholder="anywhere in the request" size="22">
  </div>
  <div class="check">
    <input id="f-paused" type="checkbox">
    <label for="f-paused">Pause live updates</label>
  </div>
</form>
<main>
  <section class="list" aria-labelledby="requests-title">
    <h2 id="requests-title">Requests <span id="count" class="muted"></span></h2>
    <div class="scroll">
      <table id="requests">
        <thead>
          <tr>
            <th scope="col">Sandbox time</th>
            <th scope="col">Provider</th>
            <th scope="col">Method</th>
            <th scope="col">Path</th>
            <th scope="col">Status</th>
            <th scope="col">Reason</th>
            <th scope="col">Latency</th>
          </tr>
        </thead>
        <tbody></tbody>
      </table>
      <p id="empty" class="muted">No request yet. Requests to this provider appear here as they arrive.</p>
    </div>
  </section>
  <section class="detail" aria-labelledby="detail-title">
    <h2 id="detail-title" tabindex="-1">Request</h2>
    <div id="detail"><p class="muted">Choose a request in the list to see what the sandbox checked.</p></div>
  </section>
  <section class="webhooks" aria-labelledby="webhooks-title">
    <h2 id="webhooks-title">Webhook deliveries <span id="webhook-count" class="muted"></span></h2>
    <div class="scroll">
      <table id="webhooks">
        <thead>
          <tr>
            <th scope="col">Provider</th>
            <th scope="col">Event</th>
            <th scope="col">URL</th>
            <th scope="col">State</th>
            <th scope="col">Attempts</th>
            <th scope="col">Next attempt</th>
          </tr>
        </thead>
        <tbody></tbody>
      </table>
    </div>
  </section>
</main>
</body>
</html>
`;

export const INSPECTOR_CSS = `
:root { color-scheme: light; --ink: #1b1f24; --muted: #4a5360; --line: #c9d1d9; --bg: #ffffff; --panel: #f6f8fa;
  --accent: #0b5cad; --bad: #a11a1a; --bad-bg: #fdecec; --warn: #7a4a00; --warn-bg: #fff4dc; --ok: #166534; --ok-bg: #e7f6ec; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
header { padding: 12px 16px 4px; border-bottom: 1px solid var(--line); }
h1 { font-size: 18px; margin: 0; }
h2 { font-size: 15px; margin: 0 0 8px; }
h3 { font-size: 14px; margin: 14px 0 6px; }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
pre { background: var(--panel); border: 1px solid var(--line); padding: 8px; margin: 0; overflow: auto; max-height: 24em; white-space: pre-wrap; word-break: break-all; }
.muted { color: var(--muted); }
.skip { position: absolute; left: -9999px; }
.skip:focus { left: 8px; top: 8px; background: #fff; padding: 4px 8px; z-index: 2; }
#status:empty { display: none; }
#status { margin: 8px 16px; padding: 6px 10px; background: var(--warn-bg); color: var(--warn); border: 1px solid #e2c17a; }
#token-box { margin: 8px 16px; }
form#filters { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: end; padding: 10px 16px; border-bottom: 1px solid var(--line); background: var(--panel); }
form#filters label { display: block; font-weight: 600; font-size: 12.5px; }
form#filters .check { display: flex; gap: 6px; align-items: center; }
form#filters .check label { display: inline; }
input, select, button { font: inherit; color: var(--ink); border: 1px solid #8c959f; border-radius: 4px; padding: 3px 6px; background: #fff; }
button { cursor: pointer; }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 1px; }
main { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 16px; padding: 12px 16px; }
.webhooks { grid-column: 1 / -1; }
.scroll { max-height: 60vh; overflow: auto; border: 1px solid var(--line); }
.webhooks .scroll { max-height: 30vh; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
thead th { position: sticky; top: 0; background: var(--panel); font-size: 12.5px; }
td.path button { border: 0; background: none; padding: 0; color: var(--accent); text-decoration: underline; text-align: left; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; word-break: break-all; }
tr[aria-current="true"] { background: #e8f1fb; }
.badge { display: inline-block; padding: 0 6px; border-radius: 10px; font-weight: 600; font-size: 12.5px; }
.s2 { background: var(--ok-bg); color: var(--ok); }
.s3 { background: #eef2f6; color: #2b3440; }
.s4 { background: var(--warn-bg); color: var(--warn); }
.s5, .sx { background: var(--bad-bg); color: var(--bad); }
.reason { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; color: var(--bad); }
dl { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 2px 12px; margin: 0; }
dt { font-weight: 600; color: var(--muted); }
dd { margin: 0; word-break: break-all; }
.signature { border: 1px solid #e2c17a; background: var(--warn-bg); padding: 8px; }
.signature pre { background: #fff; }
.fault { border: 1px solid #e2a0a0; background: var(--bad-bg); padding: 8px; }
@media (max-width: 900px) { main { grid-template-columns: 1fr; } }
`;
