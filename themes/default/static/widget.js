/* helpgen chat widget: help-center answers on any store page, before the shopper writes to support.
   Embed with one tag (docs/widget.md):
     <script async src="https://help.example.com/_helpgen/widget.js" data-lang="en"
             data-color="#245740" data-position="right" data-greeting="Hi! How can we help?"></script>
   It waits for the page's load event and an idle moment, reads the help center's public
   _helpgen/widget.json (name, contact options, UI strings, where search lives) and adds a
   help button. As the shopper types it asks /api/suggest (helpgen serve marks widget.json
   with a `helpgen-search: api` header), and /api/answer once they pause or press Enter: the
   answer first, then the articles, then the contact options when nothing answers. On a
   static host it loads the help center's own search.js and searches the static index with
   it, so both rank alike (articles only: a static host has no answers, docs/search.md). Everything lives in an open shadow root: the store's CSS and ours never meet.
   Styles go in through a constructed stylesheet, which no CSP blocks; no inline script. */
(function () {
  'use strict';

  var script = document.currentScript || document.querySelector('script[src*="/_helpgen/widget.js"]');
  if (!script || window.HelpgenWidget || !window.fetch || !document.head.attachShadow) { return; }
  window.HelpgenWidget = { version: 1 };

  var DEBOUNCE_MS = 200, ANSWER_MS = 700, MIN_CHARS = 2, LIMIT = 5, Z = 2147483000;
  /* Without an answer to go by (a static host, or still typing), fewer articles than this offer the
     contact options too: one match for an off-topic question is mostly a stray word. */
  var FEW = 2;
  var ICONS = {
    help: '<circle cx="12" cy="12" r="10"/><path d="M9.1 9a3 3 0 0 1 5.8 1c0 2-3 3-3 3M12 17h.01"/>',
    close: '<path d="M18 6 6 18M6 6l12 12"/>',
    search: '<circle cx="11" cy="11" r="8"/><path d="m21 21-4.35-4.35"/>'
  };
  var CSS = [
    ':host{all:initial!important;display:block!important;position:static!important;color-scheme:light}',
    '*{box-sizing:border-box}[hidden]{display:none!important}',
    '.w{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#1a1d21}',
    '.launch,.panel{position:fixed;bottom:20px;z-index:' + Z + '}.panel{bottom:80px}',
    '.left .launch,.left .panel{left:20px}.right .launch,.right .panel{right:20px}',
    '.launch{display:flex;align-items:center;gap:8px;min-height:48px;padding:0 18px 0 14px;border:0;border-radius:24px;',
    'background:var(--p);color:var(--on);font:inherit;font-weight:600;cursor:pointer;box-shadow:0 4px 14px rgb(0 0 0/.25)}',
    'svg{width:22px;height:22px;flex:none;fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round;stroke-linejoin:round}',
    '.panel{display:flex;flex-direction:column;width:380px;max-width:calc(100vw - 24px);max-height:min(640px,calc(100vh - 100px));',
    'background:#fff;border-radius:14px;box-shadow:0 12px 40px rgb(0 0 0/.3);overflow:hidden}',
    '@media (max-width:480px){.left .panel,.right .panel{left:12px;right:12px;width:auto}}',
    '.head{display:flex;align-items:center;gap:8px;padding:14px 12px 14px 18px;background:var(--p);color:var(--on)}',
    'h2{flex:1;margin:0;font-size:17px;font-weight:700}',
    '.x{display:grid;place-items:center;width:40px;height:40px;border:0;border-radius:8px;background:transparent;color:inherit;cursor:pointer}',
    '.body{padding:14px 18px 18px;overflow:auto}',
    'p{margin:0 0 10px}',
    'label{display:block;margin:0 0 4px;font-weight:600}',
    '.q{display:flex;align-items:center;gap:6px;border:1px solid #6b7280;border-radius:8px;padding:0 10px;background:#fff}',
    '.q:focus-within{outline:3px solid #1a1d21;outline-offset:1px}',
    'input{flex:1;min-width:0;height:44px;border:0;outline:0;background:transparent;font:inherit;color:inherit}',
    '.st{min-height:1.45em;margin:8px 0 4px;font-size:13px;color:#4b5563}',
    'ul{list-style:none;margin:0;padding:0}',
    '.r a{display:block;padding:10px;margin:0 -10px;border-radius:8px;color:inherit;text-decoration:none}',
    '.r a:hover,.r a:focus{background:#f1f3f6}',
    '.t{display:block;font-weight:600;color:#1f4fb8;text-decoration:underline}',
    '.k{display:inline-block;margin:0 0 2px;font-size:12px;font-weight:600;color:#4b5563;text-transform:uppercase;letter-spacing:.04em}',
    '.s{display:block;font-size:14px;color:#374151}',
    'mark{background:#fde68a;color:inherit;border-radius:2px}',
    '.ans{margin:4px 0 12px;padding:10px 12px;border-left:4px solid var(--p);border-radius:8px;background:#f3f4f6}',
    '.at{margin:0 0 6px;white-space:pre-line}.src{margin:0;font-size:14px}.src a{color:#1f4fb8}',
    '.more{display:inline-block;margin:8px 0 0;color:#1f4fb8}',
    '.contact{margin:14px 0 0;padding:14px 0 0;border-top:1px solid #d1d5db}',
    'h3{margin:0 0 6px;font-size:15px}',
    '.ch{margin:8px 0 0}.ch a{color:#1f4fb8}.n{font-weight:600}.rt{display:block;font-size:13px;color:#4b5563}',
    '.foot{padding:10px 18px;border-top:1px solid #e5e7eb;background:#f9fafb}',
    '.link{padding:6px 0;border:0;background:none;font:inherit;color:#1f4fb8;text-decoration:underline;cursor:pointer}',
    'a:focus-visible,button:focus-visible{outline:3px solid #1a1d21;outline-offset:2px}',
    '.launch:focus-visible,.x:focus-visible{outline:3px solid var(--on);outline-offset:-5px;box-shadow:0 0 0 3px #1a1d21}',
    '@media (forced-colors:active){.launch,.panel,.head{border:2px solid CanvasText}}'
  ].join('\n');

  /* ---- settings: the tag's data attributes over the help center's widget.json ---- */

  var data = script.dataset;
  var base = absolute(data.helpCenter || script.src.replace(/_helpgen\/widget\.js(?:[?#].*)?$/, ''), location.href);
  if (!base) { return; }
  if (base.slice(-1) !== '/') { base += '/'; }

  function absolute(url, from) {
    try {
      var u = new URL(url, from);
      return /^https?:$/.test(u.protocol) ? u.href : null;
    } catch (e) { return null; }
  }

  /* A link from the help center's config: http(s), mail or phone, never javascript:. */
  function safeLink(url) {
    if (/^(mailto|tel):/i.test(url || '')) { return url; }
    return url ? absolute(url, base) : null;
  }

  function getJson(url, signal) {
    return window.fetch(url, { credentials: 'omit', signal: signal }).then(function (r) {
      if (!r.ok) { var e = new Error(url + ': HTTP ' + r.status); e.status = r.status; throw e; }
      return r.json();
    });
  }

  /* Black or white, whichever reads better on `hex` (WCAG relative luminance). */
  function onColour(hex) {
    var h = hex.slice(1), n = h.length === 3 ? 1 : 2, lum = 0, w = [0.2126, 0.7152, 0.0722];
    for (var i = 0; i < 3; i++) {
      var c = parseInt(n === 1 ? h.charAt(i) + h.charAt(i) : h.substr(i * 2, 2), 16) / 255;
      lum += w[i] * (c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4));
    }
    return 1.05 / (lum + 0.05) >= (lum + 0.05) / 0.05 ? '#fff' : '#000';
  }

  function pickLang(cfg) {
    var wanted = [data.lang, document.documentElement.lang].filter(Boolean);
    for (var i = 0; i < wanted.length; i++) {
      var code = wanted[i].toLowerCase();
      if (cfg.strings[code]) { return code; }
      if (cfg.strings[code.split('-')[0]]) { return code.split('-')[0]; }
    }
    return cfg.lang;
  }

  /* ---- DOM helpers: text only ever goes in as text ---- */

  function el(tag, attrs, kids) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') { e.textContent = attrs[k]; } else if (attrs[k] !== null) { e.setAttribute(k, attrs[k]); }
    });
    (kids || []).forEach(function (k) { if (k) { e.appendChild(k); } });
    return e;
  }

  function icon(name) {
    var s = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    s.setAttribute('viewBox', '0 0 24 24');
    s.setAttribute('aria-hidden', 'true');
    s.innerHTML = ICONS[name];  // our own constant markup
    return s;
  }

  /* The API's snippet (HTML-escaped text, <mark> its only markup) as [[text, marked], …]. */
  var ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', '#x27': "'", '#39': "'" };
  function pieces(snippet) {
    var out = [], marked = false;
    String(snippet || '').split(/(<\/?mark>)/).forEach(function (part) {
      if (part === '<mark>' || part === '</mark>') { marked = part === '<mark>'; return; }
      if (part) { out.push([part.replace(/&(amp|lt|gt|quot|#x27|#39);/g, function (m, k) { return ENTITIES[k]; }), marked]); }
    });
    return out;
  }

  /* ---- search: the API when helpgen serves the help center, else the static index ---- */

  /* mode: data-search="api" or "static" if set; else what the help center's server said. */
  function Search(cfg, lang, api) {
    this.cfg = cfg;
    this.mode = /^(api|static)$/.test(data.search || '') ? data.search : api ? 'api' : 'static';
    this.lang = cfg.languages.length > 1 && cfg.languages.indexOf(lang) >= 0 ? lang : '';
    this.engine = null;
  }

  /* Promise of {hits: [{title, url, snippet: [[text, marked]…], faq}], answer} for `text`:
     as typed, /api/suggest (answer undefined: not asked); `full` (a pause, Enter), /api/answer
     (answer: the passage that answers, or null when none does). The static index has hits only. */
  Search.prototype.run = function (text, full, signal) {
    var self = this;
    if (this.mode === 'static') { return this.local(text, full); }
    var url = absolute(this.cfg.search.api + (full ? 'answer' : 'suggest'), base) + '?limit=' + LIMIT +
      '&q=' + encodeURIComponent(text) + (this.lang ? '&lang=' + encodeURIComponent(this.lang) : '');
    return getJson(url, signal).then(function (body) {
      return { hits: body.results.slice(0, LIMIT).map(function (h) { return hit(h.title, h.url, pieces(h.snippet)); }),
        answer: full ? answerOf(body.answer) : undefined };
    }, function (e) {
      if (e.name === 'AbortError' || e.status === 400 || e.status === 429) { throw e; }
      self.mode = 'static';  // the API is gone (or blocked): the static index answers from now on
      return self.local(text, full);
    });
  };

  Search.prototype.local = function (text, full) {
    return this.load().then(function (engine) {
      return engine.search(text, LIMIT, !full).then(function (hits) {
        return { hits: hits.map(function (h) { return hit(h.title, h.url, h.snippet); }) };
      });
    });
  };

  /* The help center's own search.js (window.HelpgenSearch), loaded once. */
  Search.prototype.load = function () {
    var self = this;
    if (!this.engine) {
      this.engine = new Promise(function (resolve, reject) {
        if (window.HelpgenSearch) { resolve(window.HelpgenSearch); return; }
        var s = el('script', { src: absolute(self.cfg.search.script, base), async: '' });
        s.onload = function () { if (window.HelpgenSearch) { resolve(window.HelpgenSearch); } else { reject(new Error('no search')); } };
        s.onerror = function () { reject(new Error('search.js did not load')); };
        document.head.appendChild(s);
      }).then(function (lib) {
        var root = self.cfg.search.index.replace(/_helpgen\/search\/$/, '');  // the site's root, whatever the language
        return new lib.Engine(absolute(root, base), getJson, self.lang);
      });
      this.engine.catch(function () { self.engine = null; });
    }
    return this.engine;
  };

  /* /api/answer's answer as {text: [[text, marked]…], url, title}, or null. */
  function answerOf(a) {
    var href = a && a.article && a.section ? absolute(a.section.url, base) : null;
    if (!href) { return null; }
    var title = a.article.title + (a.section.heading && a.section.heading !== a.article.title ? ': ' + a.section.heading : '');
    return { text: pieces(a.html), url: href, title: title };
  }

  function hit(title, url, snip) {
    var href = absolute(url, base);
    return href ? { title: title, url: href, snippet: snip, faq: href.indexOf('#') > 0 } : null;
  }

  /* ---- the widget ---- */

  function Widget(cfg, api) {
    var lang = pickLang(cfg);
    this.cfg = cfg;
    this.lang = lang;
    this.strings = cfg.strings[lang] || cfg.strings[cfg.lang] || {};
    this.search = new Search(cfg, lang, api);
    this.seq = 0;
    this.timer = 0;
    this.build(lang);
  }

  Widget.prototype.t = function (key, values) {
    return (this.strings[key] || '').replace(/\{(\w+)\}/g, function (m, k) { return values && k in values ? values[k] : m; });
  };

  /* A page of the help center in the widget's language (`homes`, `search_pages` of a
     multilingual site), else the default language's (`home`, `search_page`). */
  Widget.prototype.page = function (perLanguage, fallback) {
    var pages = this.cfg[perLanguage];
    return (pages && pages[this.lang]) || this.cfg[fallback];
  };

  Widget.prototype.build = function (lang) {
    var self = this, t = this.t.bind(this), cfg = this.cfg;
    var colour = /^#(?:[0-9a-f]{3}){1,2}$/i.test(data.color || '') ? data.color : cfg.brand.primary;
    var host = el('helpgen-widget', { lang: lang });
    host.style.setProperty('--p', colour);  // CSSOM: allowed under a CSP without 'unsafe-inline'
    host.style.setProperty('--on', onColour(colour));
    var root = host.attachShadow({ mode: 'open' });
    if (root.adoptedStyleSheets && window.CSSStyleSheet && CSSStyleSheet.prototype.replaceSync) {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
      root.adoptedStyleSheets = [sheet];
    } else {
      root.appendChild(el('style', { text: CSS }));
    }
    this.launch = el('button', { type: 'button', 'class': 'launch', 'aria-expanded': 'false', 'aria-controls': 'hgw-panel',
      'aria-haspopup': 'dialog' }, [icon('help'), el('span', { text: t('widget.open') })]);
    this.input = el('input', { id: 'hgw-q', type: 'search', autocomplete: 'off', enterkeyhint: 'search',
      placeholder: t('widget.placeholder'), maxlength: '500' });
    this.status = el('p', { 'class': 'st', role: 'status', 'aria-live': 'polite' });
    this.answer = el('div', { 'aria-live': 'polite' });  // the answer is read out as it comes
    this.list = el('ul', { 'class': 'r', 'aria-label': t('widget.results') });
    this.more = el('a', { 'class': 'more', hidden: '' });
    this.contact = this.contactBlock();
    this.form = el('form', { role: 'search', 'aria-label': t('widget.title') }, [
      el('label', { 'for': 'hgw-q', text: t('widget.label') }),
      el('div', { 'class': 'q' }, [icon('search'), this.input])]);
    this.toggle = el('button', { type: 'button', 'class': 'link', 'aria-expanded': 'false', 'aria-controls': 'hgw-contact',
      text: t('widget.contact') });
    var close = el('button', { type: 'button', 'class': 'x', 'aria-label': t('widget.close') }, [icon('close')]);
    this.panel = el('div', { id: 'hgw-panel', 'class': 'panel', role: 'dialog', 'aria-labelledby': 'hgw-title', hidden: '' }, [
      el('div', { 'class': 'head' }, [el('h2', { id: 'hgw-title', text: cfg.name }), close]),
      el('div', { 'class': 'body' }, [el('p', { text: data.greeting || t('widget.greeting') }), this.form, this.status,
        this.answer, this.list, this.more, this.contact]),
      el('div', { 'class': 'foot' }, [this.toggle])]);
    var wrap = el('div', { 'class': 'w ' + (data.position === 'left' ? 'left' : 'right') }, [this.launch, this.panel]);
    root.appendChild(wrap);

    this.launch.addEventListener('click', function () { if (self.panel.hidden) { self.open(); } else { self.close(); } });
    close.addEventListener('click', function () { self.close(); });
    this.toggle.addEventListener('click', function () { self.showContact(self.contact.hidden); });
    this.input.addEventListener('input', function () { self.typed(); });
    this.form.addEventListener('submit', function (ev) { ev.preventDefault(); self.query(true); });
    wrap.addEventListener('click', function (ev) { self.clicked(ev); });
    wrap.addEventListener('keydown', function (ev) { self.keys(ev); });
    document.body.appendChild(host);
  };

  Widget.prototype.contactBlock = function () {
    var t = this.t.bind(this), c = this.cfg.contact, kids = [el('h3', { id: 'hgw-contact-title', text: t('contact.title') })];
    if (c) {
      kids.push(el('p', { text: t('contact.intro') }));
      if (c.hours) { kids.push(el('p', { text: t('contact.hours', { hours: c.hours }) })); }
      kids.push(el('ul', {}, c.channels.map(function (ch) {
        var link = safeLink(ch.url);
        return el('li', { 'class': 'ch' }, [el('span', { 'class': 'n', text: ch.name + ': ' }),
          link ? el('a', { href: link, text: ch.value }) : el('span', { text: ch.value }),
          ch.response_time ? el('span', { 'class': 'rt', text: t('contact.response_time', { time: ch.response_time }) }) : null]);
      })));
    }
    kids.push(el('p', {}, [el('a', { 'class': 'more', href: absolute(this.page('homes', 'home'), base), text: t('widget.browse') })]));
    return el('section', { id: 'hgw-contact', 'class': 'contact', 'aria-labelledby': 'hgw-contact-title', hidden: '' }, kids);
  };

  Widget.prototype.open = function () {
    this.panel.hidden = false;
    this.launch.setAttribute('aria-expanded', 'true');
    this.input.focus();
  };

  Widget.prototype.close = function () {
    this.settled();
    this.panel.hidden = true;
    this.launch.setAttribute('aria-expanded', 'false');
    this.launch.focus();
  };

  Widget.prototype.showContact = function (visible) {
    this.contact.hidden = !visible;
    this.toggle.setAttribute('aria-expanded', String(visible));
  };

  /* Escape closes; arrows move between the input and the results. */
  Widget.prototype.keys = function (ev) {
    if (ev.key === 'Escape') { ev.preventDefault(); this.close(); return; }
    if (ev.key !== 'ArrowDown' && ev.key !== 'ArrowUp') { return; }
    var links = Array.prototype.slice.call(this.panel.querySelectorAll('.ans a, .r a'));
    var at = links.indexOf(this.panel.getRootNode().activeElement);
    if (!links.length || (at < 0 && ev.target !== this.input)) { return; }
    ev.preventDefault();
    var next = at + (ev.key === 'ArrowDown' ? 1 : -1);
    if (next < 0) { this.input.focus(); } else { links[Math.min(next, links.length - 1)].focus(); }
  };

  /* Articles as the shopper types; the answer (from the API) once they pause. */
  Widget.prototype.typed = function () {
    var self = this;
    window.clearTimeout(this.timer);
    window.clearTimeout(this.pause);
    this.timer = window.setTimeout(function () { self.query(false); }, DEBOUNCE_MS);
    if (this.search.mode === 'api') { this.pause = window.setTimeout(function () { self.query(true); }, ANSWER_MS); }
  };

  Widget.prototype.query = function (full) {
    var self = this, text = this.input.value.trim(), mine = ++this.seq;
    window.clearTimeout(this.timer);
    if (full) { window.clearTimeout(this.pause); }
    if (this.aborter) { this.aborter.abort(); }
    if (text.length < MIN_CHARS) { this.show(null, text); return; }
    this.aborter = window.AbortController ? new AbortController() : null;
    this.search.run(text, full, this.aborter && this.aborter.signal).then(function (found) {
      // an answer that comes while the shopper is already on a link would take their focus away
      if (mine === self.seq && !(full && self.onLink())) { self.show(found.hits.filter(Boolean), text, false, found.answer); }
    }, function (e) {
      if (mine === self.seq && e.name !== 'AbortError') { self.show([], text, true); }
    });
  };

  Widget.prototype.onLink = function () {
    var at = this.panel.getRootNode().activeElement;
    return !!at && at.tagName === 'A' && (this.list.contains(at) || this.answer.contains(at));
  };

  /* The answer (null: none answers; undefined: not asked), then the articles, then the
     contact options when nothing answers (or, not asked, when few articles match). */
  Widget.prototype.show = function (hits, text, failed, answer) {
    var t = this.t.bind(this);
    this.list.textContent = '';
    this.answer.textContent = '';
    this.more.hidden = !hits;
    this.shown = hits && !failed ? { text: text.slice(0, 500), count: hits.length } : null;
    if (!hits) { this.status.textContent = ''; this.showContact(false); return; }
    if (answer) { this.answer.appendChild(this.answerBlock(answer)); }
    hits.forEach(function (h) {
      var snip = el('span', { 'class': 's' });
      h.snippet.forEach(function (p) { snip.appendChild(p[1] ? el('mark', { text: p[0] }) : document.createTextNode(p[0])); });
      this.list.appendChild(el('li', {}, [el('a', { href: h.url }, [
        h.faq ? el('span', { 'class': 'k', text: t('widget.answer') }) : null, el('span', { 'class': 't', text: h.title }), snip])]));
    }, this);
    var n = hits.length, plural = window.Intl && Intl.PluralRules ? new Intl.PluralRules(this.lang).select(n) : '';
    this.status.textContent = failed ? t('widget.error') : n ? t('widget.count_' + (plural === 'one' ? 'one' : 'other'), { count: n })
      : t('widget.no_results');
    this.more.textContent = t('widget.all_results');
    this.more.href = absolute(this.page('search_pages', 'search_page'), base) + '?q=' + encodeURIComponent(text);
    this.showContact(answer === null || (answer === undefined && n < FEW));
  };

  Widget.prototype.answerBlock = function (answer) {
    var t = this.t.bind(this), text = el('p', { 'class': 'at' });
    answer.text.forEach(function (p) { text.appendChild(p[1] ? el('mark', { text: p[0] }) : document.createTextNode(p[0])); });
    return el('section', { 'class': 'ans', 'aria-labelledby': 'hgw-answer-title' }, [
      el('h3', { id: 'hgw-answer-title', text: t('widget.best_answer') }), text,
      el('p', { 'class': 'src' }, [document.createTextNode(t('widget.answer_source') + ' '),
        el('a', { href: answer.url, text: answer.title })])]);
  };

  /* ---- statistics (docs/statistics.md): to helpgen serve only, never under DNT or GPC ---- */

  Widget.prototype.track = function (event) {
    var nav = window.navigator;
    if (this.search.mode !== 'api' || nav.globalPrivacyControl || nav.doNotTrack === '1') { return; }
    event.source = 'widget';
    window.fetch(absolute(this.cfg.search.api + 'event', base), { method: 'POST', body: JSON.stringify(event),
      keepalive: true, credentials: 'omit', mode: 'no-cors', referrerPolicy: 'no-referrer' }).catch(function () {});
  };

  /* The query the shopper settled on, once: when a result or a contact option is followed, or on close. */
  Widget.prototype.settled = function () {
    var s = this.shown;
    if (s && s.text !== this.logged) { this.logged = s.text; this.track({ type: 'search', query: s.text, results: s.count }); }
  };

  Widget.prototype.clicked = function (ev) {
    var a = ev.target.closest('a');
    if (!a || a.classList.contains('more')) { return; }
    this.settled();  // the answer's link too: the query was settled
    if (this.list.contains(a) && this.shown) {
      this.track({ type: 'search_click', query: this.shown.text, url: a.href,
        rank: Array.prototype.indexOf.call(this.list.children, a.parentNode) + 1 });
    } else if (this.contact.contains(a)) {
      this.track({ type: 'contact_click' });
    }
  };

  /* ---- start: after the page has loaded, when the browser is idle ---- */

  function start() {
    var where = base + '_helpgen/widget.json';
    window.fetch(where, { credentials: 'omit' }).then(function (r) {
      if (!r.ok) { throw new Error('HTTP ' + r.status); }
      // helpgen serve says it has the API; a static host says nothing, and the static index is used
      var api = r.headers.get('helpgen-search') === 'api';
      return r.json().then(function (cfg) { window.HelpgenWidget.widget = new Widget(cfg, api); });
    }).catch(function (e) {
      console.warn('helpgen widget: cannot read ' + where + ' (' + e.message + '). A help center on another ' +
        'origin must allow ' + location.origin + ': see docs/widget.md.');
    });
  }

  function later() {
    if (window.requestIdleCallback) { window.requestIdleCallback(start, { timeout: 2000 }); } else { window.setTimeout(start, 1); }
  }

  if (document.readyState === 'complete') { later(); } else { window.addEventListener('load', later); }
}());
