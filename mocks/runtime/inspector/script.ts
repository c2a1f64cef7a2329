/**
 * The inspector page's script, served as it is (plain ES2017, no framework, no build): it polls
 * `inspector/feed` of the page's own server every half second for the journal entries it has not seen yet
 * (of this provider, or of every provider running in the process), filters them in the page, and shows one
 * entry in full. Polling stops while the tab is hidden and when paused; the page keeps at most 500 entries.
 * Everything it shows comes from the journal, already redacted; text goes into the page as text, never as HTML.
 */
export const INSPECTOR_SCRIPT = String.raw`'use strict';
(function () {
  var POLL_MS = 500;
  var MAX_ENTRIES = 500;
  var TOKEN_KEY = 'partner-sandbox-control-token';
  var base = location.pathname.replace(/\/?$/, '/');
  var state = {
    self: null,
    providers: [],
    cursors: {},
    entries: [],
    deliveries: {},
    selected: null,
    token: sessionStorage.getItem(TOKEN_KEY) || '',
    timer: null,
  };
  var $ = function (id) { return document.getElementById(id); };

  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      if (name === 'text') node.textContent = attributes[name];
      else node.setAttribute(name, attributes[name]);
    });
    (children || []).forEach(function (child) {
      if (child !== null && child !== undefined) node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  }

  function api(path) {
    var headers = state.token ? { Authorization: 'Bearer ' + state.token } : {};
    return fetch(base + path, { headers: headers, cache: 'no-store' }).then(function (response) {
      if (response.status === 401) {
        $('token-box').hidden = false;
        throw new Error('This sandbox needs its control token: enter it above.');
      }
      if (!response.ok) throw new Error(path + ' answered ' + response.status);
      return response.json();
    });
  }

  function scopeNames() {
    if ($('f-scope').value === 'all') return state.providers.map(function (p) { return p.name; });
    return state.self ? [state.self] : [];
  }

  function poll() {
    state.timer = null;
    if ($('f-paused').checked || document.hidden) return schedule();
    var names = scopeNames();
    Promise.all(names.map(function (name) {
      var since = state.cursors[name] || 0;
      return api('inspector/feed?provider=' + encodeURIComponent(name) + '&since=' + since).then(function (feed) {
        return ingest(name, feed);
      });
    })).then(function (changes) {
      $('status').textContent = '';
      $('updated').textContent = 'Live: updated ' + new Date().toLocaleTimeString() + ' (every ' + POLL_MS / 1000 + ' s)';
      if (changes.indexOf(true) !== -1) render();
    }, function (error) {
      $('status').textContent = error.message;
    }).then(schedule);
  }

  function schedule() {
    if (state.timer === null) state.timer = setTimeout(poll, POLL_MS);
  }

  /** Takes in one provider's feed; whether anything shown changed. */
  function ingest(name, feed) {
    var before = state.entries.length;
    var deliveries = JSON.stringify(feed.deliveries);
    var changed = feed.requests.length > 0 || deliveries !== JSON.stringify(state.deliveries[name] || []);
    // A reset (or the journal's bound) dropped what the page still shows.
    state.entries = state.entries.filter(function (entry) { return entry.provider !== name || entry.id >= feed.oldestId; });
    feed.requests.forEach(function (entry) {
      entry.provider = name;
      entry.key = name + ':' + entry.id;
      entry.haystack = JSON.stringify(entry).toLowerCase();
      state.entries.push(entry);
      state.cursors[name] = Math.max(state.cursors[name] || 0, entry.id);
    });
    if (feed.requests.length === 0 && feed.oldestId > (state.cursors[name] || 0) + 1) state.cursors[name] = feed.oldestId - 1;
    state.entries.sort(function (a, b) { return a.time < b.time ? -1 : a.time > b.time ? 1 : 0; });
    if (state.entries.length > MAX_ENTRIES) state.entries = state.entries.slice(-MAX_ENTRIES);
    state.deliveries[name] = feed.deliveries;
    return changed || state.entries.length !== before;
  }

  function statusMatches(filter, status) {
    if (!filter) return true;
    var text = String(status);
    var pattern = filter.trim().toLowerCase().replace(/x/g, '.');
    return new RegExp('^' + pattern.replace(/[^0-9.]/g, '')).test(text);
  }

  function visible() {
    var status = $('f-status').value;
    var reason = $('f-reason').value.trim().toLowerCase();
    var operation = $('f-operation').value.trim().toLowerCase();
    var text = $('f-text').value.trim().toLowerCase();
    var inScope = scopeNames();
    return state.entries.filter(function (entry) {
      return inScope.indexOf(entry.provider) !== -1 &&
        statusMatches(status, entry.status) &&
        (!reason || String(entry.reason || '').toLowerCase().indexOf(reason) !== -1) &&
        (!operation || String(entry.operationId || '').toLowerCase().indexOf(operation) !== -1) &&
        (!text || entry.haystack.indexOf(text) !== -1);
    });
  }

  function statusBadge(entry) {
    var dropped = entry.checked && entry.checked.fault && entry.checked.fault.connection;
    var label = dropped ? entry.status + ' ' + dropped : String(entry.status);
    return el('span', { class: 'badge ' + (dropped ? 'sx' : 's' + String(entry.status).charAt(0)), text: label });
  }

  function time(iso) {
    return iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '';
  }

  function render() {
    var rows = visible();
    var body = $('requests').tBodies[0];
    // Rows are rebuilt: the keyboard focus stays on the request it was on.
    var focused = document.activeElement && document.activeElement.getAttribute('data-key');
    var newest = rows.slice().reverse();
    body.replaceChildren.apply(body, newest.map(function (entry) {
      var open = el('button', { type: 'button', 'data-key': entry.key, 'aria-label': entry.method + ' ' + entry.path + ', ' + entry.status + (entry.reason ? ' ' + entry.reason : '') + ': show details' }, [entry.path + (entry.query ? '?' + entry.query : '')]);
      open.addEventListener('click', function () { select(entry.key, true); });
      var row = el('tr', { 'data-key': entry.key, 'aria-current': String(entry.key === state.selected) }, [
        el('td', { class: 'mono', text: time(entry.sandboxTime) }),
        el('td', { text: entry.provider }),
        el('td', { class: 'mono', text: entry.method }),
        el('td', { class: 'path' }, [open]),
        el('td', {}, [statusBadge(entry)]),
        el('td', { class: 'reason', text: entry.reason || '' }),
        el('td', { class: 'mono', text: entry.durationMs + ' ms' }),
      ]);
      return row;
    }));
    if (focused) {
      var again = body.querySelector('button[data-key="' + focused + '"]');
      if (again) again.focus();
    }
    $('empty').hidden = rows.length > 0;
    $('count').textContent = '(' + rows.length + ' shown of ' + state.entries.length + ')';
    fillOptions('reasons', state.entries.map(function (e) { return e.reason; }));
    fillOptions('operations', state.entries.map(function (e) { return e.operationId; }));
    renderDeliveries();
  }

  function fillOptions(id, values) {
    var unique = values.filter(function (v, i) { return v && values.indexOf(v) === i; }).sort();
    var list = $(id);
    if (list.childNodes.length === unique.length) return;
    list.replaceChildren.apply(list, unique.map(function (v) { return el('option', { value: v }); }));
  }

  function renderDeliveries() {
    var body = $('webhooks').tBodies[0];
    var rows = [];
    scopeNames().forEach(function (name) {
      (state.deliveries[name] || []).forEach(function (delivery) {
        var attempts = delivery.attempts || [];
        var last = attempts[attempts.length - 1];
        rows.push(el('tr', {}, [
          el('td', { text: name }),
          el('td', { class: 'mono', text: delivery.event }),
          el('td', { class: 'mono', text: delivery.url }),
          el('td', { text: delivery.state }),
          el('td', {}, [attemptList(attempts, last)]),
          el('td', { class: 'mono', text: time(delivery.nextAttemptAt) }),
        ]));
      });
    });
    body.replaceChildren.apply(body, rows);
    $('webhook-count').textContent = '(' + rows.length + ')';
  }

  function attemptList(attempts, last) {
    if (!attempts.length) return el('span', { class: 'muted', text: 'none yet' });
    var summary = el('summary', { text: attempts.length + ' (last: ' + (last.status || last.error) + ')' });
    return el('details', {}, [summary, el('ol', {}, attempts.map(function (attempt) {
      return el('li', { class: 'mono', text: time(attempt.at) + ' ' + (attempt.status || attempt.error) });
    }))]);
  }

  function select(key, focus) {
    state.selected = key;
    render();
    renderDetail(state.entries.find(function (e) { return e.key === key; }));
    if (focus) $('detail-title').focus();
  }

  function json(value) {
    return el('pre', { text: value === undefined ? '(none)' : typeof value === 'string' ? value : JSON.stringify(value, null, 2) });
  }

  function pairs(object) {
    var items = [];
    Object.keys(object || {}).forEach(function (name) {
      var value = object[name];
      items.push(el('dt', { text: name }), el('dd', { class: 'mono', text: typeof value === 'string' ? value : JSON.stringify(value) }));
    });
    return items.length ? el('dl', {}, items) : el('p', { class: 'muted', text: '(none)' });
  }

  var SIGNED = /string.?to.?sign|signed.?string|canonical|message.?signed/i;
  var DIGEST = /sha256|digest|hash/i;

  function signatureView(scheme, checked) {
    var signed = Object.keys(checked).filter(function (k) { return SIGNED.test(k) && !DIGEST.test(k); });
    var digests = Object.keys(checked).filter(function (k) { return DIGEST.test(k); });
    var claimed = {};
    Object.keys(checked).forEach(function (k) { if (signed.indexOf(k) === -1 && digests.indexOf(k) === -1) claimed[k] = checked[k]; });
    var parts = [el('h4', { text: scheme })];
    if (signed.length) {
      signed.forEach(function (k) { parts.push(el('p', {}, [el('strong', { text: 'What the sandbox signed (' + k + ')' })]), json(checked[k])); });
      digests.forEach(function (k) { parts.push(el('p', {}, [el('strong', { text: 'Its digest (' + k + '): ' }), el('code', { text: String(checked[k]) })])); });
      parts.push(el('p', {}, [el('strong', { text: 'What the request claimed' })]));
    }
    parts.push(pairs(claimed));
    return el('div', { class: signed.length ? 'signature' : '' }, parts);
  }

  function renderDetail(entry) {
    var detail = $('detail');
    if (!entry) { detail.replaceChildren(el('p', { class: 'muted', text: 'That request is no longer in the journal.' })); return; }
    var checked = entry.checked || {};
    var parts = [
      el('dl', {}, [
        el('dt', { text: 'Request' }), el('dd', { class: 'mono', text: entry.method + ' ' + entry.path + (entry.query ? '?' + entry.query : '') }),
        el('dt', { text: 'Provider' }), el('dd', { text: entry.provider }),
        el('dt', { text: 'Status' }), el('dd', {}, [statusBadge(entry)]),
        el('dt', { text: 'Reason' }), el('dd', { class: 'reason', text: entry.reason || '(none)' }),
        el('dt', { text: 'Operation' }), el('dd', { class: 'mono', text: entry.operationId || '(no operation matched)' }),
        el('dt', { text: 'Latency' }), el('dd', { text: entry.durationMs + ' ms' }),
        el('dt', { text: 'Sandbox time' }), el('dd', { class: 'mono', text: entry.sandboxTime }),
        el('dt', { text: 'Real time' }), el('dd', { class: 'mono', text: entry.time }),
        el('dt', { text: 'Journal id' }), el('dd', { class: 'mono', text: String(entry.id) }),
      ]),
    ];
    if (checked.fault) {
      parts.push(el('div', { class: 'fault' }, [
        el('h3', { text: checked.fault.rule === 'prefer' ? 'Fault asked for by Prefer: fault=' : 'Fault rule #' + checked.fault.rule + ' fired' }),
        pairs(checked.fault),
      ]));
    }
    parts.push(el('h3', { text: 'What each step checked' }));
    var auth = checked.auth || {};
    Object.keys(auth).forEach(function (scheme) { parts.push(signatureView(scheme, auth[scheme] || {})); });
    Object.keys(checked).filter(function (k) { return k !== 'auth' && k !== 'fault'; }).forEach(function (k) {
      parts.push(el('h4', { text: k }), json(checked[k]));
    });
    if (!Object.keys(checked).length) parts.push(el('p', { class: 'muted', text: 'Nothing beyond routing (no operation matched, or the operation needs no auth).' }));
    if (entry.nearMisses) {
      parts.push(el('h3', { text: 'Near misses' }), el('ul', {}, entry.nearMisses.map(function (m) { return el('li', { class: 'mono', text: m }); })));
    }
    parts.push(
      el('h3', { text: 'Request headers (redacted)' }), pairs(entry.headers),
      el('h3', { text: 'Request body' }), json(entry.body),
      el('h3', { text: 'Response ' + entry.response.status }), pairs(entry.response.headers),
      el('h4', { text: 'Response body' }), json(entry.response.body)
    );
    detail.replaceChildren.apply(detail, parts);
  }

  function start() {
    ['f-status', 'f-reason', 'f-operation', 'f-text'].forEach(function (id) { $(id).addEventListener('input', render); });
    $('filters').addEventListener('submit', function (event) { event.preventDefault(); });
    $('f-scope').addEventListener('change', function () {
      var params = new URLSearchParams(location.search);
      if ($('f-scope').value === 'all') params.set('view', 'all'); else params.delete('view');
      history.replaceState(null, '', location.pathname + (params.toString() ? '?' + params : ''));
      render();
    });
    $('f-paused').addEventListener('change', function () { if (!$('f-paused').checked) { clearTimeout(state.timer); state.timer = null; poll(); } });
    $('token-form').addEventListener('submit', function (event) {
      event.preventDefault();
      state.token = $('token').value;
      sessionStorage.setItem(TOKEN_KEY, state.token);
      $('token-box').hidden = true;
      boot();
    });
    if (new URLSearchParams(location.search).get('view') === 'all') $('f-scope').value = 'all';
    boot();
  }

  function boot() {
    api('inspector/providers').then(function (answer) {
      state.self = answer.self;
      state.providers = answer.providers;
      $('scope-name').textContent = '(' + answer.self + ')';
      document.title = answer.self + ' · partner-sandbox inspector';
      if (answer.providers.length < 2) $('f-scope').disabled = true;
      poll();
    }, function (error) { $('status').textContent = error.message; });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
`;
