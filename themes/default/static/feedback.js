/* helpgen default theme: the "Was this article helpful?" block (partials/feedback.html).
   Only pages that show the block load this, as do MkDocs pages through the plugin. It holds
   no UI strings: the template renders every text, hidden, and this script shows or hides it. */
(function () {
  'use strict';

  var STORE_PREFIX = 'helpgen:feedback:';

  function storeGet(key) {
    try { return window.localStorage.getItem(STORE_PREFIX + key); } catch (e) { return null; }
  }

  function storeSet(key, value) {
    try { window.localStorage.setItem(STORE_PREFIX + key, value); } catch (e) { /* private mode */ }
  }

  /* A random id for this browser's vote on one article, so that a changed vote replaces
     the earlier one on the server instead of counting twice. No cookie, no tracking. */
  function voteKey(article) {
    var key = storeGet('key:' + article);
    if (!key) {
      var bytes = new Uint8Array(16);
      window.crypto.getRandomValues(bytes);
      key = Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join('');
      storeSet('key:' + article, key);
    }
    return key;
  }

  function show(el, visible) {
    if (el) { el.hidden = !visible; }
  }

  /* POST one vote; resolves true on a 2xx answer, false otherwise. */
  function sendFeedback(endpoint, payload) {
    if (!endpoint || !window.fetch) { return Promise.resolve(false); }
    payload.vote = voteKey(payload.article);
    return window.fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
      keepalive: true
    }).then(function (res) { return res.ok; }, function () { return false; });
  }

  /* The "Was this article helpful?" block of an article page. */
  function initFeedback(section) {
    var article = section.getAttribute('data-article');
    var endpoint = section.getAttribute('data-endpoint');
    var buttons = section.querySelectorAll('[data-vote]');
    var form = section.querySelector('.hg-feedback-form');
    var thanks = section.querySelector('.hg-feedback-thanks');
    var error = section.querySelector('.hg-feedback-error');
    // A "No" vote waits for its reason; it is sent alone if the reader leaves.
    var pending = null;
    var current = storeGet(article);

    function press(vote) {
      for (var i = 0; i < buttons.length; i++) {
        var b = buttons[i];
        b.setAttribute('aria-pressed', String(b.getAttribute('data-vote') === vote));
      }
    }

    function report(ok, moveFocus) {
      show(error, !ok);
      show(thanks, ok);
      if (moveFocus) { (ok ? thanks : error).focus(); }
    }

    function submit(payload, fromForm) {
      pending = null;
      return sendFeedback(endpoint, payload).then(function (ok) {
        if (ok && fromForm) { show(form, false); }
        report(ok, fromForm);
      });
    }

    function flush() {
      if (pending) { submit(pending, false); }
    }

    function vote(value) {
      if (current === value) { return; }
      current = value;
      storeSet(article, value);
      press(value);
      show(thanks, false);
      show(error, false);
      if (value === 'yes') {
        show(form, false);
        submit({ article: article, helpful: true }, false);
      } else {
        show(form, true);
        pending = { article: article, helpful: false };
      }
    }

    for (var i = 0; i < buttons.length; i++) {
      buttons[i].addEventListener('click', function (ev) {
        vote(ev.currentTarget.getAttribute('data-vote'));
      });
    }

    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var payload = { article: article, helpful: false };
      var reason = form.querySelector('input[name="reason"]:checked');
      var comment = form.querySelector('textarea').value.trim();
      if (reason) { payload.reason = reason.value; }
      if (comment) { payload.comment = comment.slice(0, 1000); }
      submit(payload, true);
    });

    window.addEventListener('pagehide', flush);
    document.addEventListener('visibilitychange', function () {
      if (document.visibilityState === 'hidden') { flush(); }
    });

    if (current === 'yes' || current === 'no') { press(current); }
    section.hidden = false;
  }

  function init() {
    var blocks = document.querySelectorAll('.hg-feedback[data-article]');
    for (var i = 0; i < blocks.length; i++) { initFeedback(blocks[i]); }
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
  // the live preview of `helpgen serve` swaps in a new <body> and asks for this again
  document.addEventListener('helpgen:page', init);
}());
