// The offline page in a real browser (Debian's Chromium, driven by playwright-core): loaded from
// file://, fed the sample as .txt (dropped), .docx and .pdf (picked), as a body and a separate
// annex file, and a broken file, it must show exactly what the command line prints (the HTML
// report byte for byte, the same JSON and Markdown, the same annotated .docx, the same one-line
// error), switch language, and make no network request at all. Run by scripts/test-web.sh, which builds what it needs:
//
//   node web/test/browser.cjs PAGE HEDUI_BIN OUT_DIR
//
// Leaves OUT_DIR/screenshot.png (the page after checking the .docx) and OUT_DIR/timings.json.
'use strict';

const assert = require('node:assert/strict');
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');

const [page_, hedui_, out_] = process.argv.slice(2);
const PAGE = path.resolve(page_);
const HEDUI = path.resolve(hedui_);
const OUT = path.resolve(out_);
const ROOT = path.resolve(__dirname, '..', '..');
const SAMPLE = '000_6f198439acdb62c0';
const INPUTS = [
  { file: path.join(ROOT, 'corpus', `${SAMPLE}.txt`), how: 'drop' },
  { file: path.join(ROOT, 'tests/fixtures/docx', `${SAMPLE}.plain.docx`), how: 'pick' },
  { file: path.join(ROOT, 'tests/fixtures/pdf', 'sample.pdf'), how: 'pick' },
];
// The date the annotated copies' comments carry, on both sides.
const EPOCH = 1735689600;

fs.mkdirSync(OUT, { recursive: true });
const work = fs.mkdtempSync(path.join(OUT, 'run-'));

// The command line, run in the file's directory on its bare name, so paths in reports match
// the page's (which knows only the file's name).
function cli(file, args, env) {
  const r = spawnSync(HEDUI, [...args, path.basename(file)], {
    cwd: path.dirname(file),
    env: { ...process.env, ...env },
    encoding: 'buffer',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr.toString('utf8') };
}

function check(file, format, lang) {
  return cli(file, ['check', '--format', format, '--lang', lang]).stdout.toString('utf8');
}

function annotations(docx) {
  const dir = fs.mkdtempSync(path.join(work, 'soffice-'));
  execFileSync('soffice', [
    `-env:UserInstallation=file://${dir}/profile`, '--headless', '--norestore',
    '--convert-to', 'fodt', '--outdir', dir, docx,
  ], { stdio: 'pipe' });
  const fodt = path.join(dir, path.basename(docx).replace(/\.docx$/, '.fodt'));
  const xml = fs.readFileSync(fodt, 'utf8');
  return { count: (xml.match(/<office:annotation[ >]/g) || []).length, xml };
}

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run',
      '--disable-default-apps', '--disable-domain-reliability'],
  });
  const context = await browser.newContext({
    acceptDownloads: true,
    viewport: { width: 1280, height: 1100 },
  });
  // Privacy: every request the page makes is recorded, and any http(s) one is refused. The
  // only allowed ones are the page itself and the blob: URLs of its own downloads.
  const pageUrl = 'file://' + PAGE;
  const requests = [];
  context.on('request', (r) => requests.push(r.url()));
  await context.route(/^(https?|wss?|ftp):/, (route) => route.abort());
  // The comments' date, as SOURCE_DATE_EPOCH fixes it on the command line.
  await context.addInitScript(`Date.now = () => ${EPOCH * 1000};`);
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(String(e)));

  await page.goto(pageUrl);
  await page.waitForSelector('body[data-state="loaded"]');
  const privacy = await page.textContent('#privacy');
  assert.match(privacy, /不会离开这台电脑/, 'the page says the document stays on the computer');
  const timings = { load_ms: await page.evaluate(() => window.heduiTimings.load) };

  const report = () => page.frameLocator('#report');
  const state = (s) => page.waitForSelector(`body[data-state="${s}"]`);
  async function feed(file, how, input = '#file-doc') {
    await page.evaluate(() => document.body.setAttribute('data-state', 'waiting'));
    if (how === 'drop') {
      const bytes = [...fs.readFileSync(file)];
      await page.evaluate(([name, bytes]) => {
        const dt = new DataTransfer();
        dt.items.add(new File([new Uint8Array(bytes)], name));
        document.getElementById('drop-doc').dispatchEvent(
          new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
      }, [path.basename(file), bytes]);
    } else {
      await page.setInputFiles(input, file);
    }
    await page.waitForSelector('body[data-state="ready"], body[data-state="error"]');
  }
  async function download(button) {
    const [d] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
    const to = path.join(work, d.suggestedFilename());
    await d.saveAs(to);
    return to;
  }

  for (const { file, how } of INPUTS) {
    const name = path.basename(file);
    const expected = JSON.parse(check(file, 'json', 'zh'));
    assert.ok(expected.findings.length > 0, `${name}: the command line finds something`);
    await feed(file, how);
    assert.equal(await page.getAttribute('body', 'data-state'), 'ready',
      `${name}: ${await page.textContent('#status')}`);
    timings[name] = await page.evaluate(() => ({ ...window.heduiTimings }));

    // The report: what `hedui check --format html` prints, byte for byte, and shown.
    const srcdoc = await page.getAttribute('#report', 'srcdoc');
    assert.equal(srcdoc, check(file, 'html', 'zh'), `${name}: the HTML report`);
    await report().locator('body[data-ready="yes"]').waitFor();
    const shown = await report().locator('article.finding').count();
    assert.equal(shown, expected.findings.length, `${name}: findings shown`);
    const pair = report().locator('article.finding', { hasText: '6.6万' })
      .filter({ hasText: '6.9万' });
    assert.equal(await pair.count(), 1, `${name}: the 6.6万/6.9万 finding`);
    const annexQuote = await pair.locator('.side.annex .quote').textContent();
    const bodyQuote = await pair.locator('.side.body .quote').textContent();
    assert.ok(annexQuote.includes('6.9万') !== bodyQuote.includes('6.9万') &&
      (annexQuote + bodyQuote).includes('6.6万'), `${name}: the two numbers side by side`);

    // Downloads: the same JSON and Markdown as the command line.
    const json = fs.readFileSync(await download('#dl-json'), 'utf8');
    assert.equal(json, check(file, 'json', 'zh'), `${name}: JSON`);
    const md = fs.readFileSync(await download('#dl-md'), 'utf8');
    assert.equal(md, check(file, 'markdown', 'zh'), `${name}: Markdown`);

    const isDocx = name.endsWith('.docx');
    assert.equal(await page.isVisible('#dl-docx'), isDocx, `${name}: annotate offered for .docx only`);
    if (isDocx) {
      const got = await download('#dl-docx');
      const want = path.join(work, 'cli.annotated.docx');
      const r = cli(file, ['annotate', '--lang', 'zh', '-o', want], { SOURCE_DATE_EPOCH: String(EPOCH) });
      assert.equal(r.code, 1, r.stderr);
      assert.ok(fs.readFileSync(got).equals(fs.readFileSync(want)),
        `${name}: the annotated copy is the bytes hedui annotate writes`);
      // The CLI's note follows --lang: `with N comments` / `N 条批注`.
      const said = r.stderr.match(/with (\d+) comments/) || r.stderr.match(/(\d+) 条批注/) || [];
      const comments = Number(said[1]);
      assert.ok(comments > 0, r.stderr);
      const opened = annotations(got);
      assert.equal(opened.count, comments, `${name}: LibreOffice reads every comment`);
      assert.ok(opened.xml.includes('6.9万'), `${name}: the comments say what the other side states`);
      // The page with the first number mismatch in view, annex and body side by side.
      await report().locator('article.finding.error[data-rule="number-mismatch"]').first()
        .evaluate((el) => el.ownerDocument.defaultView.scrollTo(0, el.offsetTop - 220));
      await page.screenshot({ path: path.join(OUT, 'screenshot.png') });
      await report().locator('body').evaluate(() => window.scrollTo(0, 0));
    }
  }

  // The language switch: the page and the report in English, the same as --lang en.
  const last = INPUTS[INPUTS.length - 1].file;
  await page.evaluate(() => document.body.setAttribute('data-state', 'waiting'));
  await page.click('#lang');
  await page.waitForSelector('body[data-state="ready"][data-lang="en"]');
  assert.match(await page.textContent('#privacy'), /never leaves the computer/);
  assert.equal(await page.textContent('#lang'), '中文');
  assert.equal(await page.getAttribute('#report', 'srcdoc'), check(last, 'html', 'en'), 'English report');
  await report().locator('html[lang="en"]').waitFor();
  const md = fs.readFileSync(await download('#dl-md'), 'utf8');
  assert.equal(md, check(last, 'markdown', 'en'), 'English Markdown');
  await page.screenshot({ path: path.join(OUT, 'screenshot-en.png') });
  await page.evaluate(() => document.body.setAttribute('data-state', 'waiting'));
  await page.click('#lang');
  await page.waitForSelector('body[data-state="ready"][data-lang="zh"]');

  // A broken file: the command line's one-line message, in the page.
  const docx = fs.readFileSync(INPUTS[1].file);
  const broken = path.join(work, 'broken.docx');
  fs.writeFileSync(broken, docx.subarray(0, Math.floor(docx.length / 2)));
  const r = cli(broken, ['check']);
  assert.equal(r.code, 2);
  const line = r.stderr.trim();
  assert.ok(line.startsWith('hedui: broken.docx: ') && !line.includes('\n'), line);
  await feed(broken, 'pick');
  assert.equal(await page.getAttribute('body', 'data-state'), 'error');
  assert.equal((await page.textContent('#status .error')).trim(), line, 'the error line');
  assert.ok(!(await page.isVisible('#report')), 'no stale report beside an error');

  // The annex as a separate file: the body alone is the command line's error, then the two
  // files give what `hedui check body.txt --annex annex.txt` gives.
  const lines = fs.readFileSync(INPUTS[0].file, 'utf8').split('\n');
  const opener = lines.findIndex((l) => l.trim() === '附件');
  let end = opener;
  lines.forEach((l, i) => { if (i > opener && /^\d+\.\s/.test(l)) { end = i; } });
  assert.ok(opener > 0 && end > opener, 'the sample has an annex opener and numbered items');
  const body = path.join(work, 'body.txt');
  const annexFile = path.join(work, 'annex.txt');
  fs.writeFileSync(body, [...lines.slice(0, opener), ...lines.slice(end + 1)].join('\n'));
  fs.writeFileSync(annexFile, lines.slice(opener + 1, end + 1).join('\n'));
  await feed(body, 'pick');
  assert.equal((await page.textContent('#status .error')).trim(), cli(body, ['check']).stderr.trim(),
    'a body without its annex');
  await feed(annexFile, 'pick', '#file-annex');
  assert.equal(await page.getAttribute('body', 'data-state'), 'ready', await page.textContent('#status'));
  const withAnnex = ['check', '--annex', 'annex.txt', '--lang', 'zh', '--format'];
  assert.equal(await page.getAttribute('#report', 'srcdoc'),
    cli(body, [...withAnnex, 'html']).stdout.toString('utf8'), 'the report of body and annex');
  assert.equal(fs.readFileSync(await download('#dl-json'), 'utf8'),
    cli(body, [...withAnnex, 'json']).stdout.toString('utf8'), 'the JSON of body and annex');
  assert.equal(await report().locator('article.finding', { hasText: '6.6万' })
    .filter({ hasText: '6.9万' }).count(), 1, 'the 6.6万/6.9万 finding across two files');
  await page.evaluate(() => document.body.setAttribute('data-state', 'waiting'));
  await page.click('#clear-annex');
  await page.waitForSelector('body[data-state="error"]');

  // A good file after all that still works; and the figures for docs/web.md: the median of
  // five checks of each input, from the file coming in to the report shown.
  const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  for (const { file } of INPUTS) {
    const runs = { check: [], total: [] };
    for (let i = 0; i < 5; i++) {
      await feed(file, 'pick');
      assert.equal(await page.getAttribute('body', 'data-state'), 'ready');
      const t = await page.evaluate(() => ({ ...window.heduiTimings }));
      runs.check.push(t.check);
      runs.total.push(t.total);
    }
    timings[`median of 5: ${path.basename(file)}`] = {
      check: Math.round(median(runs.check)),
      total: Math.round(median(runs.total)),
    };
  }

  await browser.close();
  const foreign = requests.filter((u) => u !== pageUrl && !u.startsWith('blob:'));
  assert.deepEqual(foreign, [], 'the page made network requests');
  assert.deepEqual(problems, [], 'console errors');
  fs.writeFileSync(path.join(OUT, 'timings.json'), JSON.stringify(timings, null, 2) + '\n');
  fs.rmSync(work, { recursive: true, force: true });
  console.log(`browser test: ${INPUTS.length} formats, broken file, language switch, ` +
    `separate annex file, ${requests.length} requests (the page itself only): ok`);
  console.log(JSON.stringify(timings));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
