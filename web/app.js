// The offline page: reads the dropped files in the browser, hands their bytes to hedui compiled
// to WebAssembly (HEDUI_WASM_GZ, gzip in base64, inlined by scripts/build-web.sh), and shows the report the
// library renders, exactly as `hedui check --format html` prints it. Nothing is sent anywhere:
// the page's Content-Security-Policy forbids every kind of request, and none is made.
(function () {
  'use strict';

  var wasm = null;        // the module's exports
  var lang = 'zh';        // 'zh' or 'en'
  var doc = null;         // {name, bytes}
  var annex = null;       // {name, bytes}, a separate annex file
  var checked = null;     // the last successful check ({findings, format, annotate, notes})
  var started = 0;        // performance.now() when the last file came in
  var timings = window.heduiTimings = {};
  var $ = function (id) { return document.getElementById(id); };

  function b64(text) {
    var s = atob(text);
    var out = new Uint8Array(s.length);
    for (var i = 0; i < s.length; i++) { out[i] = s.charCodeAt(i); }
    return out;
  }

  // What the module imports: only wasm-bindgen placeholders, from getrandom's Web Crypto code
  // that zip and lopdf link in on wasm32. hedui never asks for random numbers (it reads
  // archives and PDFs and writes unencrypted ones), so each import is a function that fails
  // loudly if it ever is called.
  function imports(module) {
    var out = {};
    WebAssembly.Module.imports(module).forEach(function (i) {
      if (i.kind !== 'function') { throw new Error('unexpected import ' + i.module + '.' + i.name); }
      out[i.module] = out[i.module] || {};
      out[i.module][i.name] = function () {
        throw new Error('the checker called ' + i.name + ', which this page does not provide');
      };
    });
    return out;
  }

  // The module, inlined gzipped: unpacked in memory (a Response made from a stream is not a
  // request), compiled and instantiated.
  function load() {
    var t0 = performance.now();
    var unpacked = new Blob([b64(window.HEDUI_WASM_GZ)]).stream()
      .pipeThrough(new DecompressionStream('gzip'));
    return new Response(unpacked).arrayBuffer().then(function (bytes) {
      return WebAssembly.compile(bytes);
    }).then(function (module) {
      return WebAssembly.instantiate(module, imports(module));
    }).then(function (instance) {
      wasm = instance.exports;
      timings.load = performance.now() - t0;
    });
  }

  function put(slot, bytes) {
    var at = wasm.hedui_input(slot, bytes.length) >>> 0;
    new Uint8Array(wasm.memory.buffer, at, bytes.length).set(bytes);
  }

  function output() {
    var at = wasm.hedui_output_ptr() >>> 0;
    var n = wasm.hedui_output_len() >>> 0;
    return new Uint8Array(wasm.memory.buffer, at, n).slice();
  }

  function text(bytes) { return new TextDecoder().decode(bytes); }

  // Texts of the page itself (the report carries its own, in the language asked for).
  function translate() {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    var els = document.querySelectorAll('[data-zh]');
    for (var i = 0; i < els.length; i++) {
      els[i].textContent = els[i].getAttribute('data-' + lang);
    }
    $('lang').textContent = lang === 'zh' ? 'English' : '中文';
    document.title = lang === 'zh' ? 'hedui 核对' : 'hedui check';
  }

  function status(lines) {
    var box = $('status');
    box.textContent = '';
    lines.forEach(function (l) {
      var div = document.createElement('div');
      div.className = l[0];
      div.textContent = l[1];
      box.appendChild(div);
    });
  }

  function fail(line) {
    checked = null;
    $('actions').hidden = true;
    $('report').onload = null;
    $('report').hidden = true;
    $('report').removeAttribute('srcdoc');
    status([['error', line]]);
    document.body.setAttribute('data-state', 'error');
  }

  // A trap inside the module (a bug, never an input problem) leaves its state unknown: load a
  // fresh instance before the next call.
  function trapped(e) {
    wasm = null;
    fail('hedui: ' + (doc ? doc.name + ': ' : '') + 'internal error (' + e + ')');
    load();
  }

  function render(kind) {
    var code = wasm.hedui_render(kind, lang === 'zh' ? 1 : 0, Math.floor(Date.now() / 1000));
    var bytes = output();
    return code === 0 ? {bytes: bytes} : {error: text(bytes)};
  }

  function show() {
    var t0 = performance.now();
    var html = render(0);
    var summary = render(4);
    timings.render = performance.now() - t0;
    var lines = [['summary', text(summary.bytes)]];
    checked.notes.forEach(function (n) { lines.push(['note', 'hedui: warning: ' + n]); });
    status(lines);
    $('actions').hidden = false;
    $('dl-docx').hidden = !checked.annotate;
    $('clear-annex').hidden = !annex;
    var frame = $('report');
    frame.onload = function () {
      if (started) {
        timings.total = performance.now() - started;
        started = 0;
      }
      document.body.setAttribute('data-state', 'ready');
      document.body.setAttribute('data-lang', lang);
    };
    frame.hidden = false;
    frame.srcdoc = text(html.bytes);
  }

  function check() {
    if (!doc) { return; }
    if (!wasm) { load().then(check); return; }
    document.body.setAttribute('data-state', 'busy');
    try {
      var t0 = performance.now();
      var enc = new TextEncoder();
      put(0, enc.encode(doc.name));
      put(1, doc.bytes);
      if (annex) {
        put(2, enc.encode(annex.name));
        put(3, annex.bytes);
      }
      wasm.hedui_check(annex ? 1 : 0);
      var result = JSON.parse(text(output()));
      timings.check = performance.now() - t0;
      if (!result.ok) { fail('hedui: ' + result.error); return; }
      checked = result;
      show();
    } catch (e) {
      trapped(e);
    }
  }

  function read(file) {
    return file.arrayBuffer().then(function (buf) {
      return {name: file.name, bytes: new Uint8Array(buf)};
    });
  }

  // Files in: one (the report) or two (the report and its annex: the one named 附件 or annex,
  // else the second).
  function take(files, asAnnex) {
    files = Array.prototype.slice.call(files, 0, 2);
    if (files.length === 0) { return; }
    started = performance.now();
    var first = files[0];
    var second = files[1] || null;
    if (second && /附件|annex/i.test(first.name) && !/附件|annex/i.test(second.name)) {
      first = files[1];
      second = files[0];
    }
    var reads = [read(first), second ? read(second) : null];
    Promise.all(reads).then(function (got) {
      if (asAnnex) {
        annex = got[0];
      } else {
        doc = got[0];
        annex = got[1] || (second ? null : annex);
      }
      $('name-doc').textContent = doc ? doc.name : '';
      $('name-annex').textContent = annex ? annex.name : '';
      check();
    }, function (e) {
      fail('hedui: ' + first.name + ': cannot read file: ' + e);
    });
  }

  function save(kind, suffix, type) {
    if (!checked) { return; }
    try {
      var out = render(kind);
      if (out.error) { status([['error', 'hedui: ' + out.error]]); return; }
      var a = document.createElement('a');
      a.href = URL.createObjectURL(new Blob([out.bytes], {type: type}));
      a.download = doc.name.replace(/\.[^.]*$/, '') + suffix;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(function () { URL.revokeObjectURL(a.href); }, 60000);
    } catch (e) {
      trapped(e);
    }
  }

  function zone(dropId, inputId, asAnnex) {
    var drop = $(dropId);
    var input = $(inputId);
    input.addEventListener('change', function () {
      take(input.files, asAnnex);
      input.value = '';
    });
    drop.addEventListener('dragover', function (e) {
      e.preventDefault();
      drop.classList.add('over');
    });
    drop.addEventListener('dragleave', function () { drop.classList.remove('over'); });
    drop.addEventListener('drop', function (e) {
      e.preventDefault();
      drop.classList.remove('over');
      take(e.dataTransfer.files, asAnnex);
    });
  }

  // A file dropped beside the zones must not replace the page.
  window.addEventListener('dragover', function (e) { e.preventDefault(); });
  window.addEventListener('drop', function (e) { e.preventDefault(); });

  zone('drop-doc', 'file-doc', false);
  zone('drop-annex', 'file-annex', true);
  $('lang').addEventListener('click', function () {
    lang = lang === 'zh' ? 'en' : 'zh';
    translate();
    if (checked) { show(); }
  });
  $('dl-docx').addEventListener('click', function () {
    save(3, '.annotated.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
  });
  $('dl-md').addEventListener('click', function () { save(1, '.hedui.md', 'text/markdown'); });
  $('dl-json').addEventListener('click', function () { save(2, '.hedui.json', 'application/json'); });
  $('clear-annex').addEventListener('click', function () {
    annex = null;
    $('name-annex').textContent = '';
    check();
  });

  translate();
  load().then(function () {
    var t0 = performance.now();
    wasm.hedui_warm_up();
    timings.warm = performance.now() - t0;
    document.body.setAttribute('data-state', 'loaded');
  }, function (e) {
    fail('hedui: cannot start the checker in this browser: ' + e);
  });
})();
