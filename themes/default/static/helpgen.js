/* helpgen default theme: progressive enhancement only.
   Every page reads fine without this file. It holds no UI strings: the
   templates render every text, hidden, and this script shows or hides it.
   The feedback block of article pages has a script of its own, feedback.js. */
(function () {
  'use strict';

  /* Search as you type: search.js (and the index it reads) is fetched when a
     search box is first focused, or at once on the search page. Without it the
     forms stay plain GET forms to the search page. */
  function initSearch() {
    var form = document.querySelector('form[data-hg-search][data-hg-search-js]');
    if (!form || !window.fetch) { return; }
    var loaded = false;
    function load() {
      if (loaded) { return; }
      loaded = true;
      var script = document.createElement('script');
      script.src = form.getAttribute('data-hg-search-js');
      script.async = true;
      document.head.appendChild(script);
    }
    if (document.querySelector('[data-hg-results]')) { load(); return; }
    var inputs = document.querySelectorAll('form[data-hg-search] input[type=search]');
    for (var i = 0; i < inputs.length; i++) {
      inputs[i].addEventListener('focus', load);
      inputs[i].addEventListener('pointerdown', load);
    }
  }

  /* Wide tables scroll sideways (CSS); make those focusable so that a
     keyboard can scroll them too. */
  function initScrollables() {
    var els = document.querySelectorAll('.hg-prose table');
    for (var i = 0; i < els.length; i++) {
      if (els[i].scrollWidth > els[i].clientWidth + 1 && !els[i].hasAttribute('tabindex')) {
        els[i].setAttribute('tabindex', '0');
      }
    }
  }

  /* A link to an FAQ question (page#question) opens its answer. Without JS the question
     is still where the link lands, one click from its answer. */
  function openLinkedAnswer() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    var item = target && target.closest('details');
    if (item && !item.open) { item.open = true; target.scrollIntoView(); }
  }

  /* Statistics (docs/statistics.md): one small POST per event to the endpoint in
     data-hg-events. A keepalive fetch is the beacon: it outlives the page like
     navigator.sendBeacon, and unlike sendBeacon it can leave cookies out. Nothing is
     stored in the browser, and nothing is sent when the reader asks not to be tracked. */
  function track(event) {
    var url = eventsUrl(), nav = window.navigator;
    if (!url || !window.fetch || nav.globalPrivacyControl || nav.doNotTrack === '1' || window.doNotTrack === '1') {
      return;
    }
    window.fetch(url, { method: 'POST', body: JSON.stringify(event), keepalive: true,
      credentials: 'omit', mode: 'no-cors', referrerPolicy: 'no-referrer' }).catch(function () {});
  }
  window.helpgenTrack = track;

  /* A configured endpoint (data-hg-beacon) always takes events; the default /api/event only where
     helpgen serve answers, which marks its pages with `Server-Timing: helpgen`: a plain static host
     has no API, and a request to it would only fail. */
  function eventsUrl() {
    var body = document.body, url = body && body.getAttribute('data-hg-events');
    if (!url || body.hasAttribute('data-hg-beacon')) { return url; }
    var perf = window.performance, nav = perf && perf.getEntriesByType && perf.getEntriesByType('navigation')[0];
    var timing = (nav && nav.serverTiming) || [];
    for (var i = 0; i < timing.length; i++) { if (timing[i].name === 'helpgen') { return url; } }
    return null;
  }

  /* The phone menu (details.hg-menu) opens and closes without this; Escape and a click
     elsewhere close it too, as readers expect of a menu. Escape returns focus to its button. */
  function closeMenus(ev) {
    var menus = document.querySelectorAll('details.hg-menu[open]');
    for (var i = 0; i < menus.length; i++) {
      var menu = menus[i];
      if (ev.type === 'keydown' && ev.key === 'Escape') {
        menu.open = false;
        if (menu.contains(document.activeElement)) { menu.querySelector('summary').focus(); }
      } else if (ev.type === 'click' && !menu.contains(ev.target)) {
        menu.open = false;
      }
    }
  }
  document.addEventListener('keydown', closeMenus);
  document.addEventListener('click', closeMenus);

  /* A contact option followed: the reader still needed support. */
  document.addEventListener('click', function (ev) {
    var link = ev.target.closest && ev.target.closest('.hg-contact a[href]');
    if (link) { track({ type: 'contact_click', page: location.pathname, source: 'page' }); }
  });

  function init() {
    // on a static host the page counts its own view; helpgen serve counts the pages it serves
    if (document.body.hasAttribute('data-hg-beacon') && document.body.classList.contains('hg-kind-article')) {
      track({ type: 'view', page: location.pathname });
    }
    initScrollables();
    initSearch();
    openLinkedAnswer();
  }
  window.addEventListener('hashchange', openLinkedAnswer);

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
  // the live preview of `helpgen serve` swaps in a new <body> and asks for this again
  document.addEventListener('helpgen:page', init);
}());
