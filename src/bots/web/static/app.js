// prompt-duel arena: a little progressive enhancement over server-rendered pages.
// No framework and no inline script (the Content-Security-Policy forbids it).
'use strict';

(function () {
  var CHOICE_TEXT = { A: 'A is better', B: 'B is better', tie: 'Tie', bad: 'Both bad' };

  function $(sel, root) { return (root || document).querySelector(sel); }
  function $all(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }

  function showError(root, message) {
    var box = $('[data-error]', root);
    if (!box) return;
    box.textContent = message || '';
    box.hidden = !message;
  }

  // Writes carry JSON and our header: the server refuses anything else (cross-site defence).
  function post(url, body) {
    return fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-Duel-Client': '1' },
      body: JSON.stringify(body || {}),
    }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (data) {
        if (!res.ok) throw new Error(data.error || 'The server answered ' + res.status + '.');
        return data;
      });
    });
  }

  function localTimes() {
    $all('time[data-local]').forEach(function (t) {
      var d = new Date(t.getAttribute('datetime'));
      if (isNaN(d)) return;
      var opts = { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' };
      if (d.getFullYear() !== new Date().getFullYear()) opts.year = 'numeric';
      t.textContent = d.toLocaleString(undefined, opts);
    });
  }

  function countdowns() {
    var els = $all('time[data-countdown]');
    if (!els.length) return;
    function tick() {
      els.forEach(function (t) {
        var left = Math.max(0, Math.round((Number(t.getAttribute('data-countdown')) - Date.now()) / 1000));
        var m = Math.floor(left / 60), s = left % 60;
        t.textContent = left > 0 ? 'in ' + m + ':' + (s < 10 ? '0' : '') + s : 'now';
      });
    }
    tick();
    setInterval(tick, 1000);
  }

  function arenaForm() {
    var form = $('form[data-duel-form]');
    if (!form) return;
    var area = $('textarea', form), count = $('[data-count]', form), button = $('[data-submit]', form);
    var max = Number(area.getAttribute('data-max')) || 500;
    var refused = button.disabled;
    // Characters as the server counts them: code points of the trimmed prompt (an emoji is one).
    function updateCount() {
      var n = Array.from(area.value.trim()).length;
      count.textContent = String(n);
      var over = n > max;
      count.parentNode.classList.toggle('over', over);
      if (!refused) button.disabled = over;
      if (over) showError(form, 'The prompt is ' + n + ' characters long; the limit is ' + max + '. Shorten it to start the duel.');
      else if (form.hasAttribute('data-too-long')) showError(form, ''); // only the message said here, not a server's
      form.toggleAttribute('data-too-long', over);
    }
    area.addEventListener('input', updateCount);
    updateCount();
    area.addEventListener('keydown', function (e) {
      if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); form.requestSubmit(); }
    });
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      showError(form, '');
      button.disabled = true;
      button.textContent = 'Starting…';
      var named = $all('select[data-contender]', form).map(function (sel) { return sel.value; }).filter(function (v) { return v && v !== 'random'; });
      post('/api/duels', { prompt: area.value, contenders: named }).then(function (data) {
        window.location.assign(data.url);
      }).catch(function (err) {
        showError(form, err.message);
        button.disabled = false;
        button.textContent = 'Start the duel';
      });
    });
  }

  // Blind progress: the duel's one state, worded by the server (never per side).
  function renderProgress(article, p) {
    var panel = $('[data-live]', article);
    if (!p || !p.words || !panel) return;
    panel.setAttribute('data-state', p.words.state);
    $('[data-live-headline]', panel).textContent = p.words.headline;
    $('[data-live-elapsed]', panel).textContent = p.words.elapsed;
    $('[data-live-queue]', panel).textContent = p.words.queue;
  }

  function liveDuel() {
    var article = $('article[data-duel-id]');
    if (!article) return;
    var id = article.getAttribute('data-duel-id');
    var status = article.getAttribute('data-status');
    if (status !== 'generating' && status !== 'open') return;
    var source = new EventSource('/api/duels/' + encodeURIComponent(id) + '/events');
    source.addEventListener('state', function (e) {
      var state = JSON.parse(e.data);
      if (state.status !== status) {
        source.close();
        window.location.reload();
        return;
      }
      renderProgress(article, state.progress);
      if (state.error) showError(article, state.error);
      // The animated composite, made after the vote opened, takes its place below the drawings.
      var figure = state.animation && $('[data-animation][hidden]', article);
      if (figure) {
        $('img', figure).setAttribute('src', figure.getAttribute('data-src'));
        figure.hidden = false;
      }
      // The server words the count ("1 vote"): the page never pluralizes on its own.
      $all('[data-votes]', article).forEach(function (el) { el.textContent = state.votesText; });
    });
  }

  function votePanel() {
    var panel = $('[data-vote-panel]');
    if (!panel) return;
    var id = $('article[data-duel-id]').getAttribute('data-duel-id');
    var statusLine = $('[data-vote-status]', panel);
    function setCurrent(choice) {
      $all('[data-choice]', panel).forEach(function (b) {
        b.setAttribute('aria-pressed', b.getAttribute('data-choice') === choice ? 'true' : 'false');
      });
      statusLine.textContent = choice
        ? 'You voted: ' + CHOICE_TEXT[choice] + '. Click it again to take it back.'
        : 'No vote from you. Models stay hidden until voting closes.';
    }
    $all('[data-choice]', panel).forEach(function (b) {
      b.addEventListener('click', function () {
        var choice = b.getAttribute('data-choice');
        var op = b.getAttribute('aria-pressed') === 'true' ? 'remove' : 'add';
        showError(panel, '');
        post('/api/duels/' + encodeURIComponent(id) + '/vote', { choice: choice, op: op }).then(function (data) {
          setCurrent(data.current);
          $all('[data-votes]').forEach(function (el) { el.textContent = data.votesText; });
        }).catch(function (err) { showError(panel, err.message); });
      });
    });
    var close = $('[data-close]', panel);
    if (close) {
      close.addEventListener('click', function () {
        close.disabled = true;
        post('/api/duels/' + encodeURIComponent(id) + '/close').then(function () {
          window.location.reload();
        }).catch(function (err) { close.disabled = false; showError(panel, err.message); });
      });
    }
  }

  // A long prompt is clamped to a few lines so both drawings stay in view; a button shows it all.
  function promptExpander() {
    var button = $('[data-expand]');
    if (!button) return;
    var prompt = document.getElementById(button.getAttribute('data-expand'));
    prompt.classList.add('clamped');
    if (prompt.scrollHeight <= prompt.clientHeight + 1) { prompt.classList.remove('clamped'); return; }
    button.hidden = false;
    button.addEventListener('click', function () {
      var open = prompt.classList.toggle('clamped') === false;
      button.setAttribute('aria-expanded', open ? 'true' : 'false');
      button.textContent = open ? 'Show less' : 'Show the whole prompt';
    });
  }

  function copyLink() {
    var button = $('[data-copy-link]');
    if (!button) return;
    var status = $('[data-copy-status]');
    var url = window.location.origin + button.getAttribute('data-copy-link');
    button.addEventListener('click', function () {
      var done = function () { status.textContent = 'Link copied.'; };
      // The clipboard needs a secure context (https or localhost): elsewhere, show the link to copy by hand.
      var fallback = function () { status.textContent = url; };
      if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(url).then(done, fallback);
      else fallback();
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    promptExpander();
    copyLink();
    localTimes();
    countdowns();
    arenaForm();
    liveDuel();
    votePanel();
  });
})();
