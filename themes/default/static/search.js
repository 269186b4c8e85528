/* helpgen search in the browser: no server needed.
   Loaded by helpgen.js when a search box is first focused. It reads the static index
   that `helpgen build` writes under _helpgen/search/ (see helpgen/search/static.py):
   a manifest, term shards fetched by prefix as words are typed, and chunks of titles.
   The analysis below repeats helpgen/search/analysis.py and porter.py rule for rule;
   the ranking repeats helpgen/search/ranking.py. Runs under node too (module.exports),
   which is how bench/ measures its quality. */
(function (root) {
  'use strict';

  /* ---- analysis: fold, words, stop words, Porter stemmer, synonyms ---- */

  var WORD_RE = /(?:[\p{L}\p{N}]|[\u0300-\u036f])+(?:['\u2019](?:[\p{L}\p{N}]|[\u0300-\u036f])+)*/gu;
  var FOLD_EXTRA = { '\u00f8': 'o', '\u0111': 'd', '\u0142': 'l', '\u00e6': 'ae', '\u0153': 'oe', '\u00fe': 'th',
    '\u00f0': 'd', '\u0131': 'i', '\u00df': 'ss', '\u03c2': '\u03c3', "'": '', '\u2019': '' };
  var FOLD_RE = /[\u00f8\u0111\u0142\u00e6\u0153\u00fe\u00f0\u0131\u00df\u03c2'\u2019]/g;

  function fold(word) {
    return word.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase()
      .replace(FOLD_RE, function (c) { return FOLD_EXTRA[c]; });
  }

  function words(text) {
    var out = [], m;
    WORD_RE.lastIndex = 0;
    while ((m = WORD_RE.exec(text)) !== null) {
      out.push({ start: m.index, end: m.index + m[0].length, folded: fold(m[0]) });
    }
    return out;
  }

  var STEP2 = { ational: 'ate', tional: 'tion', enci: 'ence', anci: 'ance', izer: 'ize', bli: 'ble', alli: 'al',
    entli: 'ent', eli: 'e', ousli: 'ous', ization: 'ize', ation: 'ate', ator: 'ate', alism: 'al', iveness: 'ive',
    fulness: 'ful', ousness: 'ous', aliti: 'al', iviti: 'ive', biliti: 'ble', logi: 'log' };
  var STEP3 = { icate: 'ic', ative: '', alize: 'al', iciti: 'ic', ical: 'ic', ful: '', ness: '' };
  var C = '[^aeiou][^aeiouy]*', V = '[aeiouy][aeiou]*';
  var MGR0 = new RegExp('^(' + C + ')?' + V + C), MEQ1 = new RegExp('^(' + C + ')?' + V + C + '(' + V + ')?$');
  var MGR1 = new RegExp('^(' + C + ')?' + V + C + V + C), S_V = new RegExp('^(' + C + ')?' + V);
  var CVC = new RegExp('^' + C + '[aeiouy][^aeiouwxy]$');
  var ED_ING = /^(.+?)(ed|ing)$/, AT_BL_IZ = /(at|bl|iz)$/, DOUBLE = /([^aeiouylsz])\1$/;
  var STEP2_RE = new RegExp('^(.+?)(' + Object.keys(STEP2).join('|') + ')$');
  var STEP3_RE = new RegExp('^(.+?)(' + Object.keys(STEP3).join('|') + ')$');
  var STEP4_RE = /^(.+?)(al|ance|ence|er|ic|able|ible|ant|ement|ment|ent|ou|ism|ate|iti|ous|ive|ize)$/;
  var STEP4_ION = /^(.+?)([st])ion$/, STEP5_RE = /^(.+?)e$/;

  /* Porter (1980), the same rules as helpgen/search/porter.py. */
  function porter(word) {
    if (word.length < 3) { return word; }
    var w = word.charAt(0) === 'y' ? 'Y' + word.slice(1) : word, m, s;
    if (/(sses|ies)$/.test(w)) { w = w.slice(0, -2); } else if (/s$/.test(w) && !/ss$/.test(w)) { w = w.slice(0, -1); }
    if (/eed$/.test(w)) {
      if (MGR0.test(w.slice(0, -3))) { w = w.slice(0, -1); }
    } else if ((m = ED_ING.exec(w)) && S_V.test(m[1])) {
      w = m[1];
      if (AT_BL_IZ.test(w)) { w += 'e'; } else if (DOUBLE.test(w)) { w = w.slice(0, -1); } else if (CVC.test(w)) { w += 'e'; }
    }
    if (/y$/.test(w) && S_V.test(w.slice(0, -1))) { w = w.slice(0, -1) + 'i'; }
    if ((m = STEP2_RE.exec(w)) && MGR0.test(m[1])) { w = m[1] + STEP2[m[2]]; }
    if ((m = STEP3_RE.exec(w)) && MGR0.test(m[1])) { w = m[1] + STEP3[m[2]]; }
    if ((m = STEP4_RE.exec(w))) {
      if (MGR1.test(m[1])) { w = m[1]; }
    } else if ((m = STEP4_ION.exec(w)) && MGR1.test(m[1] + m[2])) {
      w = m[1] + m[2];
    }
    if ((m = STEP5_RE.exec(w))) {
      s = m[1];
      if (MGR1.test(s) || (MEQ1.test(s) && !CVC.test(s))) { w = s; }
    }
    if (/ll$/.test(w) && MGR1.test(w)) { w = w.slice(0, -1); }
    return w.charAt(0) === 'Y' ? 'y' + w.slice(1) : w;
  }

  /* Indonesian, for a word the help center does not contain (helpgen/search/vocabulary.py):
     take off particle, possessive and derivational suffix, then up to two prefixes (a
     nasal prefix may have replaced the root's first letter: peng+kirim -> pengirim),
     in Sastrawi's order, until a candidate is one of the index's `roots`. */
  var ID_SUFFIXES = [/(lah|kah|tah|pun)$/, /(ku|mu|nya)$/, /(kan|an|i)$/];
  var ID_PREFIXES = [['meng', ['k', '']], ['meny', ['s']], ['mem', ['p', '']], ['men', ['t', '']], ['me', ['']],
    ['peng', ['k', '']], ['peny', ['s']], ['pem', ['p', '']], ['pen', ['t', '']], ['per', ['']], ['pe', ['']],
    ['ber', ['']], ['be', ['']], ['ter', ['']], ['di', ['']], ['ke', ['']], ['se', ['']]];

  function unprefixed(word) {
    var out = [];
    ID_PREFIXES.forEach(function (p) {
      if (word.length > p[0].length + 2 && word.slice(0, p[0].length) === p[0]) {
        p[1].forEach(function (first) { out.push(first + word.slice(p[0].length)); });
      }
    });
    return out;
  }

  function stemIndonesian(word, roots) {
    var bases = [word], i, j, w = word;
    for (i = 0; i < ID_SUFFIXES.length; i++) {
      var cut = w.replace(ID_SUFFIXES[i], '');
      if (cut !== w && cut.length >= 3) { w = cut; bases.push(w); }
    }
    for (i = 0; i < bases.length; i++) { if (roots[bases[i]]) { return bases[i]; } }
    for (i = bases.length - 1; i >= 0; i--) {
      var once = unprefixed(bases[i]);
      for (j = 0; j < once.length; j++) { if (roots[once[j]]) { return once[j]; } }
      for (j = 0; j < once.length; j++) {
        var twice = unprefixed(once[j]).filter(function (c) { return roots[c]; });
        if (twice.length) { return twice[0]; }
      }
    }
    return word;
  }

  /* Snowball languages, for a word the help center does not contain: the longest root of
     the index that starts it and is at least half of it (lieferungen -> liefer). */
  function rootPrefix(word, roots) {
    for (var n = word.length - 1; n >= Math.max(4, Math.ceil(word.length / 2)); n--) {
      if (roots[word.slice(0, n)]) { return word.slice(0, n); }
    }
    return word;
  }

  var UNSEEN = { sastrawi: stemIndonesian, snowball: rootPrefix };

  /* tables: the manifest's analysis of one language; vocabulary: {forms, roots} for a
     language whose stemmer runs at build time (Indonesian, Snowball's languages). */
  function Analyzer(tables, vocabulary) {
    this.t = tables;
    this.stops = {};
    for (var i = 0; i < tables.stop.length; i++) { this.stops[tables.stop[i]] = true; }
    this.cache = {};
    this.forms = vocabulary ? vocabulary.forms : null;
    this.roots = {};
    if (vocabulary) { vocabulary.roots.forEach(function (r) { this.roots[r] = true; }, this); }
  }

  Analyzer.prototype.stem = function (folded) {
    var s = this.cache[folded];
    if (s === undefined) {
      var letters = /^\p{L}+$/u.test(folded);
      if (this.t.stemmer === 'porter') {
        s = letters ? porter(folded) : folded;
      } else if (this.forms) {
        s = this.forms[folded] || (letters && UNSEEN[this.t.stemmer] ? UNSEEN[this.t.stemmer](folded, this.roots) : folded);
      } else {
        s = folded;
      }
      this.cache[folded] = s;
    }
    return s;
  };

  Analyzer.prototype.term = function (folded) {
    if (this.stops[folded] || folded.length < this.t.min || folded.length > this.t.max) { return null; }
    return this.stem(folded);
  };

  /* The weighted terms of a query, as Analyzer.query in analysis.py. */
  Analyzer.prototype.query = function (text) {
    var ws = words(text).slice(0, 256).map(function (w) { return w.folded; });
    var self = this, own = [], i, t;
    for (i = 0; i < ws.length; i++) { t = this.term(ws[i]); if (t !== null) { own.push([t, ws[i]]); } }
    if (!own.length) {
      for (i = 0; i < ws.length; i++) {
        if (ws[i].length >= this.t.min && ws[i].length <= this.t.max) { own.push([this.stem(ws[i]), ws[i]]); }
      }
    }
    var endsInWord = text.length > 0 && !/\s$/.test(text);
    var terms = [], seen = {};
    for (i = 0; i < own.length; i++) {
      var last = endsInWord && i === own.length - 1 && ws.length > 0 && own[i][1] === ws[ws.length - 1];
      var entry = { term: own[i][0], weight: 1, last: last, word: own[i][1] };
      if (seen[own[i][0]]) {  // a repeated term keeps its place and takes the later word, as in Python
        for (var j = 0; j < terms.length; j++) { if (terms[j].term === entry.term) { terms[j] = entry; } }
        continue;
      }
      seen[own[i][0]] = true;
      terms.push(entry);
    }
    var stems = ws.map(function (w) { return self.stem(w); });
    this.t.syn.forEach(function (group) {
      var hit = group[0].some(function (phrase) { return containsSeq(stems, phrase); });
      if (!hit) { return; }
      group[1].forEach(function (term) {
        if (!seen[term]) { seen[term] = true; terms.push({ term: term, weight: self.t.synw, last: false, word: '' }); }
      });
    });
    terms = terms.slice(0, 32);
    var ownTerms = [], pw = this.t.pairw;
    own.forEach(function (o) { if (ownTerms.indexOf(o[0]) < 0) { ownTerms.push(o[0]); } });
    for (i = 0; i + 1 < ownTerms.length; i++) {
      var pair = ownTerms[i] + '_' + ownTerms[i + 1];
      if (!seen[pair]) { seen[pair] = true; terms.push({ term: pair, weight: pw, last: false, word: '', pair: true }); }
    }
    return terms;
  };

  function containsSeq(seq, sub) {
    outer: for (var i = 0; i + sub.length <= seq.length; i++) {
      for (var j = 0; j < sub.length; j++) { if (seq[i + j] !== sub[j]) { continue outer; } }
      return true;
    }
    return false;
  }

  function editDistance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) { return max + 1; }
    var prev = [], cur, i, j;
    for (j = 0; j <= b.length; j++) { prev.push(j); }
    for (i = 1; i <= a.length; i++) {
      cur = [i];
      var best = i;
      for (j = 1; j <= b.length; j++) {
        var v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a.charAt(i - 1) === b.charAt(j - 1) ? 0 : 1));
        cur.push(v);
        if (v < best) { best = v; }
      }
      if (best > max) { return max + 1; }
      prev = cur;
    }
    return prev[b.length];
  }

  /* ---- the engine: fetch what a query needs, add up impacts, rank ---- */

  var PREFIX_WEIGHT = 0.8, FUZZY_FROM = 4, PREFIX_TERMS = 30, PREFIX_BYTES = 60000;

  /* base: URL of the site root ("/" or "/help/"); load(url) returns a Promise of parsed JSON;
     lang: the page's language, whose articles alone it finds on a multilingual site. */
  function Engine(base, load, lang) {
    this.base = base;
    this.load = load;
    this.lang = lang || '';
    this.files = {};
    this.manifest = null;
  }

  Engine.prototype.fetch = function (name) {
    if (!this.files[name]) {
      var self = this;
      this.files[name] = this.load(this.base + '_helpgen/search/' + name).catch(function (e) {
        delete self.files[name];
        throw e;
      });
    }
    return this.files[name];
  };

  Engine.prototype.ready = function () {
    var self = this;
    if (this.manifest) { return Promise.resolve(this.manifest); }
    return this.fetch('manifest.json').then(function (m) {
      var own = m.langs ? Math.max(0, m.langs.indexOf(self.lang)) : 0;
      var tables = own > 0 ? m.languages[m.langs[own]] : m.analysis;
      return (tables.vocabulary ? self.fetch(tables.vocabulary) : Promise.resolve(null)).then(function (vocabulary) {
        return self.start(m, tables, vocabulary, own);
      });
    });
  };

  /* Take in the manifest (once): BM25's length norms, the language's analysis, its documents. */
  Engine.prototype.start = function (m, tables, vocabulary, own) {
    if (this.manifest) { return m; }
    var self = this, total = 0, r = m.rank;
    m.lengths.forEach(function (n) { total += n; });
    var avg = (m.lengths.length ? total / m.lengths.length : 1) || 1;
    this.norm = m.lengths.map(function (len) { return r.k1 * (1 - r.b + r.b * len / avg); });
    this.manifest = m;
    this.analyzer = new Analyzer(tables, vocabulary);
    this.own = m.langs ? function (doc) { return m.doc_langs[doc] === own; } : null;
    this.keys = {};
    m.shards.forEach(function (s) { self.keys[s[0]] = s; });
    return m;
  };

  /* The shard a term lives in: the longest shard key that starts it. */
  Engine.prototype.shardFor = function (term) {
    for (var n = Math.min(term.length, 8); n > 0; n--) {
      var s = this.keys[term.slice(0, n)];
      if (s) { return s; }
    }
    return null;
  };

  /* Shards that may hold words starting with `prefix`, or null when they weigh too much. A key
     with `_` holds pair terms only (words have none), never a prefix's completion: skipped. */
  Engine.prototype.shardsFrom = function (prefix) {
    var out = [], bytes = 0, own = this.shardFor(prefix);
    if (own) { out.push(own); bytes += own[2]; }
    this.manifest.shards.forEach(function (s) {
      if (s !== own && s[0].length > prefix.length && s[0].slice(0, prefix.length) === prefix && s[0].indexOf('_') < 0) {
        out.push(s); bytes += s[2];
      }
    });
    return bytes > PREFIX_BYTES ? null : out;
  };

  Engine.prototype.shardData = function (shards) {
    var self = this;
    return Promise.all(shards.map(function (s) { return self.fetch(s[1]); }));
  };

  /* Each query term with its alternatives: [{term, postings, factor}]. */
  Engine.prototype.expand = function (qt, prefix) {
    var self = this, own = this.shardFor(qt.term);
    var shards = own ? [own] : [];
    var wide = prefix && qt.last && qt.word ? this.shardsFrom(qt.word) : null;
    if (wide) { shards = shards.concat(wide.filter(function (s) { return s !== own; })); }
    return this.shardData(shards).then(function (datas) {
      var alts = [], data = (own && datas[0]) || {};
      if (data[qt.term]) {
        alts.push({ term: qt.term, postings: data[qt.term], factor: 1 });
      }
      if (wide) {
        var found = 0, w = qt.word;
        datas.forEach(function (d) {
          Object.keys(d).forEach(function (t) {
            if (found < PREFIX_TERMS && t !== qt.term && t.indexOf('_') < 0 && t.slice(0, w.length) === w) {
              alts.push({ term: t, postings: d[t], factor: PREFIX_WEIGHT });
              found++;
            }
          });
        });
        for (var n = Math.max(3, w.length - 3); n < w.length; n++) {
          var head = w.slice(0, n);
          if (head !== qt.term && data[head]) { alts.push({ term: head, postings: data[head], factor: PREFIX_WEIGHT }); }
        }
      }
      // an unknown word of the customer's (that nothing starts with, while it is typed) is a typo:
      // take its correction; a synonym the thesaurus added is spelt right, and matches nothing
      if (!alts.length && !qt.pair && qt.word && qt.term.length >= FUZZY_FROM) {
        var fix = self.correct(qt.term, data);
        if (fix) { alts.push({ term: fix, postings: data[fix], factor: 0.9 }); }
      }
      return alts;
    });
  };

  /* The likeliest correction of an unknown term: within one edit (two from 8 letters), most documents. */
  Engine.prototype.correct = function (term, data) {
    var max = term.length >= 8 ? 2 : 1, best = null, bestDf = -1;
    Object.keys(data).forEach(function (t) {
      if (editDistance(term, t, max) <= max) {
        var df = data[t][0];
        if (df > bestDf || (df === bestDf && t > best)) { best = t; bestDf = df; }
      }
    });
    return best;
  };

  /* Ranked hits for `text`: Promise of [{doc, score}], then `describe` them. */
  Engine.prototype.rank = function (text, prefix) {
    var self = this;
    return this.ready().then(function (m) {
      var terms = self.analyzer.query(text);
      if (!terms.length) { return { terms: terms, hits: [] }; }
      return Promise.all(terms.map(function (qt) { return self.expand(qt, prefix); })).then(function (altsList) {
        var base = {}, cover = {}, title = {}, total = 0, r = m.rank, n = m.lengths.length, norm = self.norm;
        terms.forEach(function (qt, k) {
          if (!qt.pair) { total += qt.weight; }
          var best = {}, inTitle = {};
          altsList[k].forEach(function (alt) {
            // BM25 as helpgen/search/ranking.py: p = [df, doc gap, tf × 4 + in title, …]
            var p = alt.postings, doc = 0, df = p[0];
            var idf = Math.log(1 + (n - df + 0.5) / (df + 0.5)) * (r.k1 + 1) * alt.factor;
            for (var i = 1; i < p.length; i += 2) {
              doc += p[i];
              var tf = (p[i + 1] >> 1) / 2, v = idf * tf / (tf + norm[doc]);
              if (!(best[doc] >= v)) { best[doc] = v; }
              if (p[i + 1] & 1) { inTitle[doc] = true; }
            }
          });
          Object.keys(best).forEach(function (d) {
            base[d] = (base[d] || 0) + best[d] * qt.weight;
            if (qt.pair) { return; }  // pairs add to the score, not to coverage
            cover[d] = (cover[d] || 0) + qt.weight;
            if (inTitle[d]) { title[d] = (title[d] || 0) + qt.weight; }
          });
        });
        total = total || 1;
        var docs = Object.keys(base);
        if (self.own) { docs = docs.filter(function (d) { return self.own(+d); }); }
        var hits = docs.map(function (d) {
          var score = base[d] * Math.pow((cover[d] || 0) / total, r.coverage_power) * (1 + r.title_bonus * ((title[d] || 0) / total));
          return { doc: +d, score: score };
        });
        hits.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
        var used = [];
        altsList.forEach(function (alts) { alts.forEach(function (a) { used.push(a.term); }); });
        return { terms: terms, used: used, hits: hits };
      });
    });
  };

  /* Results for `text`: Promise of [{title, url, category, snippet: [[text, marked]…], score}]. */
  Engine.prototype.search = function (text, limit, prefix) {
    var self = this;
    return this.rank(text, prefix !== false).then(function (ranked) {
      var top = ranked.hits.slice(0, limit || 10), chunk = self.manifest.chunk;
      var names = {};
      top.forEach(function (h) { names[Math.floor(h.doc / chunk)] = true; });
      var ids = Object.keys(names);
      return Promise.all(ids.map(function (i) { return self.fetch(self.manifest.chunks[i]); })).then(function (datas) {
        var byChunk = {};
        ids.forEach(function (i, k) { byChunk[i] = datas[k]; });
        var marks = markSet(ranked.terms, ranked.used || []);
        return top.map(function (h) {
          var row = byChunk[Math.floor(h.doc / chunk)][h.doc % chunk];
          return { title: row[0], url: self.base + row[1], category: row[2],
            snippet: self.highlight(row[3] || row[0], marks), score: h.score };
        });
      });
    });
  };

  function markSet(terms, used) {
    var set = {}, prefixes = [];
    used.forEach(function (t) { set[t] = true; });
    terms.forEach(function (t) { if (!t.pair) { set[t.term] = true; } if (t.last && t.word.length >= 2) { prefixes.push(t.word); } });
    return { terms: set, prefixes: prefixes };
  }

  /* `text` as [[piece, isMatch], …]: matched words are marked, nothing is HTML. */
  Engine.prototype.highlight = function (text, marks) {
    var out = [], pos = 0, a = this.analyzer;
    words(text).forEach(function (w) {
      if (a.stops[w.folded]) { return; }
      var hit = marks.terms[a.stem(w.folded)] || marks.prefixes.some(function (p) { return w.folded.slice(0, p.length) === p; });
      if (!hit) { return; }
      if (w.start > pos) { out.push([text.slice(pos, w.start), false]); }
      out.push([text.slice(w.start, w.end), true]);
      pos = w.end;
    });
    if (pos < text.length) { out.push([text.slice(pos), false]); }
    return out;
  };

  /* ---- the page: results as you type, keyboard navigation ---- */

  var engine = null;

  /* The site root: where this script lives (a page in another language has its own search page). */
  function siteBase(form) {
    var js = form.getAttribute('data-hg-search-js') || '', at = js.indexOf('_helpgen/');
    if (at >= 0) { return js.slice(0, at); }
    var action = form.getAttribute('action') || '/search/';
    return action.replace(/search\/?$/, '');
  }

  function fetchJson(url) {
    return window.fetch(url, { credentials: 'same-origin' }).then(function (r) {
      if (!r.ok) { throw new Error(url + ': HTTP ' + r.status); }
      return r.json();
    });
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text) { e.textContent = text; }
    return e;
  }

  function hitNode(hit, tag, id) {
    var item = el(tag), link = el('a');
    link.href = hit.url;
    if (id) { item.id = id; item.setAttribute('role', 'option'); item.setAttribute('aria-selected', 'false'); link.tabIndex = -1; }
    link.appendChild(el('span', 'hg-hit-title', hit.title));
    if (hit.category) { link.appendChild(el('span', 'hg-hit-meta', hit.category)); }
    var snip = el('span', 'hg-hit-snippet');
    hit.snippet.forEach(function (piece) {
      snip.appendChild(piece[1] ? el('mark', '', piece[0]) : document.createTextNode(piece[0]));
    });
    link.appendChild(snip);
    item.appendChild(link);
    return item;
  }

  /* The API's escaped text with <mark> around matched words, as [[text, marked], …]. */
  var ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', '#x27': "'", '#39': "'" };
  function pieces(html) {
    var out = [], marked = false;
    String(html || '').split(/(<\/?mark>)/).forEach(function (part) {
      if (part === '<mark>' || part === '</mark>') { marked = part === '<mark>'; return; }
      if (part) { out.push([part.replace(/&(amp|lt|gt|quot|#x27|#39);/g, function (m, k) { return ENTITIES[k]; }), marked]); }
    });
    return out;
  }

  /* The search page's answer under helpgen serve: the server put a [data-hg-answer-api] block
     above its results (a static host has none: links only). It stays while the query is the
     one it answers; a new query asks the API, once the reader pauses. */
  function Answers(slot) {
    this.slot = slot;
    this.api = slot.getAttribute('data-hg-answer-api');
    this.seq = 0;
    this.timer = 0;
    this.query = (new URLSearchParams(window.location.search).get('q') || '').trim();  // what the server answered
  }

  Answers.prototype.follow = function (text) {
    var self = this, q = text.trim(), mine = ++this.seq;
    clearTimeout(this.timer);
    if (q === this.query) { return; }
    this.slot.textContent = '';
    this.query = q;
    if (!q) { return; }
    this.timer = setTimeout(function () {
      var lang = document.documentElement.lang;
      fetchJson(self.api + '?q=' + encodeURIComponent(q) + (lang ? '&lang=' + encodeURIComponent(lang) : '')).then(function (body) {
        if (mine === self.seq && body.answer) { self.show(body.answer); }
      }, function () { /* no answer: the results stand alone */ });
    }, 400);
  };

  Answers.prototype.show = function (answer) {
    var slot = this.slot, box = el('section', 'hg-answer'), quote = el('blockquote', 'hg-answer-text'), p = el('p');
    var title = el('h2', 'hg-answer-title', slot.getAttribute('data-title')), link = el('a', '', answer.article.title);
    title.id = 'hg-answer-title';
    box.setAttribute('aria-labelledby', title.id);
    pieces(answer.html).forEach(function (piece) {
      p.appendChild(piece[1] ? el('mark', '', piece[0]) : document.createTextNode(piece[0]));
    });
    quote.appendChild(p);
    link.href = answer.section.url;
    if (answer.section.heading !== answer.article.title) { link.textContent += ': ' + answer.section.heading; }
    var source = el('p', 'hg-answer-source', slot.getAttribute('data-source') + ' ');
    source.appendChild(link);
    [title, quote, source].forEach(function (n) { box.appendChild(n); });
    slot.textContent = '';
    slot.appendChild(box);
  };

  function attach(form, page) {
    var input = form.querySelector('input[type=search]');
    if (!input || form.hgSearch) { return; }
    form.hgSearch = true;
    var list = page ? null : el('ul', 'hg-suggest');
    var results = page ? document.querySelector('[data-hg-results]') : null;
    var slot = results && results.querySelector('[data-hg-answer-api]');
    var answers = slot ? new Answers(slot) : null;
    var seq = 0, active = -1, items = [];
    // statistics (docs/statistics.md): the query a reader settled on, and the result they followed
    var source = page ? 'search' : 'instant', shown = null, logged = '', timer = 0;

    function logSearch() {
      clearTimeout(timer);
      if (shown && shown.text !== logged && window.helpgenTrack) {
        logged = shown.text;
        window.helpgenTrack({ type: 'search', query: shown.text, results: shown.count, source: source });
      }
    }

    function followed(link) {
      var li = link && link.closest('li');
      if (!li || !shown || !window.helpgenTrack) { return; }
      logSearch();
      window.helpgenTrack({ type: 'search_click', query: shown.text, url: link.getAttribute('href'), source: source,
        rank: Array.prototype.indexOf.call(li.parentNode.children, li) + 1 });
    }
    if (list) {
      list.id = input.id + '-list';
      list.setAttribute('role', 'listbox');
      list.hidden = true;
      form.appendChild(list);
      input.setAttribute('role', 'combobox');
      input.setAttribute('aria-controls', list.id);
      input.setAttribute('aria-expanded', 'false');
      input.setAttribute('aria-autocomplete', 'list');
    }

    function setActive(i) {
      if (!items.length) { return; }
      if (active >= 0) { items[active].setAttribute('aria-selected', 'false'); }
      active = (i + items.length) % items.length;
      items[active].setAttribute('aria-selected', 'true');
      input.setAttribute('aria-activedescendant', items[active].id);
      items[active].scrollIntoView({ block: 'nearest' });
    }

    function close() {
      if (!list) { return; }
      list.hidden = true;
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
      active = -1;
    }

    function show(hits, text) {
      shown = { text: text.trim().slice(0, 500), count: hits.length };
      clearTimeout(timer);
      timer = setTimeout(logSearch, 2000); // a pause in typing: the query is settled
      if (results) {
        results.textContent = '';
        if (answers) { results.appendChild(slot); answers.follow(text); }
        var ol = el('ol', 'hg-results');
        hits.forEach(function (h) { ol.appendChild(hitNode(h, 'li')); });
        results.appendChild(hits.length ? ol : el('p', 'hg-notice', results.getAttribute('data-empty') || 'No results.'));
        results.setAttribute('data-query', text);
        return;
      }
      list.textContent = '';
      items = hits.map(function (h, i) { return hitNode(h, 'li', list.id + '-' + i); });
      items.forEach(function (n) { list.appendChild(n); });
      active = -1;
      list.hidden = !items.length;
      input.setAttribute('aria-expanded', String(!!items.length));
      input.removeAttribute('aria-activedescendant');
    }

    function run() {
      var text = input.value, mine = ++seq, started = performance.now();
      if (!text.trim()) {
        close();
        if (results) { results.textContent = ''; }
        if (answers) { results.appendChild(slot); answers.follow(''); }
        return;
      }
      engine.search(text, page ? 20 : 8, true).then(function (hits) {
        if (mine !== seq) { return; }
        show(hits, text);
        form.setAttribute('data-hg-ms', String(Math.round((performance.now() - started) * 10) / 10));
        if (page && window.history.replaceState) {
          window.history.replaceState(null, '', '?q=' + encodeURIComponent(text));
        }
      }, function () { /* index unreachable: the form still submits to the search page */ });
    }

    input.addEventListener('input', run);
    (results || list).addEventListener('click', function (ev) { followed(ev.target.closest('a')); });
    window.addEventListener('pagehide', logSearch);
    // a submitted query is logged once, by the search page it opens
    form.addEventListener('submit', function () { clearTimeout(timer); shown = null; });
    input.addEventListener('keydown', function (ev) {
      if (!list || list.hidden) { return; }
      if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
        ev.preventDefault();
        setActive(active + (ev.key === 'ArrowDown' ? 1 : -1));
      } else if (ev.key === 'Enter' && active >= 0) {
        ev.preventDefault();
        followed(items[active].querySelector('a'));
        window.location.href = items[active].querySelector('a').href;
      } else if (ev.key === 'Escape') {
        close();
      }
    });
    document.addEventListener('click', function (ev) { if (!form.contains(ev.target)) { close(); } });
    if (page) {
      var q = new URLSearchParams(window.location.search).get('q');
      if (q) { input.value = q; }
    }
    if (input.value) { run(); }
  }

  /* Make every form[data-hg-search] search as you type; the one on the search page fills [data-hg-results]. */
  function init() {
    var forms = document.querySelectorAll('form[data-hg-search]');
    if (!forms.length || !window.fetch) { return; }
    if (!engine) {
      engine = new Engine(siteBase(forms[0]), fetchJson, document.documentElement.lang);
      var css = forms[0].getAttribute('data-hg-search-css');
      if (css) {  // a stylesheet, not a <style>: the server's CSP allows no inline style
        var link = el('link');
        link.rel = 'stylesheet';
        link.href = css;
        document.head.appendChild(link);
      }
    }
    var page = document.querySelector('[data-hg-results]');
    for (var i = 0; i < forms.length; i++) { attach(forms[i], !!page && forms[i].classList.contains('hg-search-page')); }
  }

  var api = { Engine: Engine, Analyzer: Analyzer, porter: porter, stemIndonesian: stemIndonesian, fold: fold, words: words,
    init: init };
  if (typeof module === 'object' && module.exports) {
    module.exports = api;
  } else {
    root.HelpgenSearch = api;
    init();
  }
}(this));
