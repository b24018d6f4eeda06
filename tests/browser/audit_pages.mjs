// audit_pages.mjs — pages of the demo in headless Chromium with axe-core's
// rules on landmarks (best practices beyond WCAG A/AA that pages.mjs runs):
// each landmark of a kind has a name of its own, so a screen reader's list
// of regions and searches tells them apart (the header's and the page's
// search were two unnamed "search" landmarks; the tables of /piano four
// regions called "Tabella").
//   PW_DIR, CHROMIUM as for pages.mjs;  SILA_URL the server
import { chromium, check, finish } from './common.mjs';
import { createRequire } from 'module';
import { readFileSync } from 'fs';
import path from 'path';

const require = createRequire(path.join(process.env.PW_DIR, 'x.js'));
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const url = process.env.SILA_URL;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM });
for (const p of ['/', '/search?q=castelli', '/piano', '/richieste', '/qualita', '/statistiche']) {
  const page = await browser.newPage();
  const resp = await page.goto(url + p);
  check(`${p}: status`, resp.status() === 200, resp.status());
  await page.addScriptTag({ content: axeSource });
  const v = await page.evaluate(async () => {
    const r = await window.axe.run(document, {
      runOnly: { type: 'rule', values: ['landmark-unique', 'landmark-one-main', 'region',
        'page-has-heading-one', 'heading-order'] } });
    return r.violations.map((x) => `${x.id} ${x.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  });
  check(`${p}: landmarks named apart`, v.length === 0, v.join(' | '));
  await page.close();
}
// The search page's form looks like the home page's (it was the browser's
// grey default button beside a bare field), and a result's title ranks
// below the page's headings in size (each was larger than "Risultati").
const look = async (p, sel) => {
  const page = await browser.newPage();
  await page.goto(url + p);
  const r = await page.evaluate((s) => [...document.querySelectorAll(s)].map((e) => {
    const c = getComputedStyle(e);
    return { bg: c.backgroundColor, size: parseFloat(c.fontSize), cls: e.className };
  }), sel);
  await page.close();
  return r;
};
const homeButton = (await look('/', 'main form[role=search] button'))[0];
const searchButton = (await look('/search?q=castelli', 'main form[role=search] button'))[0];
const searchField = (await look('/search?q=castelli', 'main form[role=search] input'))[0];
check('search: its button as the home page\'s', !!homeButton && !!searchButton &&
  homeButton.bg === searchButton.bg, JSON.stringify([homeButton, searchButton]));
check('search: its field styled', !!searchField && /form-control/.test(searchField.cls),
  JSON.stringify(searchField));
const h2 = (await look('/search?q=castelli', '#risultati'))[0];
const titles = await look('/search?q=castelli', '.result-title');
check('search: result titles smaller than the results heading', !!h2 && titles.length > 0 &&
  titles.every((t) => t.size < h2.size), JSON.stringify([h2, titles[0]]));
// /statistiche's charts: datasets by title as in the table (the bars were
// labelled "strutture-ricettive"), whole numbers on the axis of counts (it
// read 0,1 … 0,9 with one visit).  Only with Chart.js among the assets.
{
  const page = await browser.newPage();
  await page.goto(url + '/set/strutture-ricettive');
  await page.goto(url + '/statistiche');
  const c = await page.evaluate(() => {
    const ch = window.Chart && window.Chart.getChart('chart-datasets');
    return ch ? { labels: ch.data.labels, ticks: ch.scales.y.ticks.map((t) => t.value) } : null;
  });
  if (c) {
    check('statistiche: chart labels are titles', c.labels.includes('Strutture ricettive della Calabria'),
      c.labels.join(', '));
    check('statistiche: whole numbers on the axis', c.ticks.every((v) => Number.isInteger(v)),
      c.ticks.join(' '));
  } else {
    console.log('note: no Chart.js among the assets: the charts of /statistiche not checked');
  }
  await page.close();
}
// On a phone the programme's tables scroll sideways and keep their words
// whole (they read "Diparti|mento", "settemb|re", "in ritard|o"); words of
// links (addresses) may break.
for (const p of ['/piano', '/qualita', '/richieste']) {
  const page = await browser.newPage({ viewport: { width: 375, height: 740 } });
  await page.goto(url + p);
  const cut = await page.evaluate(() => {
    const out = [];
    for (const cell of document.querySelectorAll('main td, main th')) {
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        if (n.parentElement.closest('a')) continue;
        const re = /[^\s-]+/g; // a break after a hyphen is a line's end, not a cut
        let m;
        while ((m = re.exec(n.data))) {
          const r = document.createRange();
          r.setStart(n, m.index);
          r.setEnd(n, m.index + m[0].length);
          if (new Set([...r.getClientRects()].map((x) => Math.round(x.top))).size > 1) out.push(m[0]);
        }
      }
    }
    return out;
  });
  check(`${p} on a phone: no word cut in a table`, cut.length === 0, cut.slice(0, 8).join(', '));
  const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
  check(`${p} on a phone: the page itself does not scroll sideways`, !wide);
  await page.close();
}
// The query page opens with its query in view (a researcher saw the first
// 14 of its PREFIX lines and no SELECT).  Only with YASGUI among the assets.
{
  const page = await browser.newPage();
  await page.goto(url + '/query');
  await page.waitForFunction(() => !!window.silaYasgui, null, { timeout: 15000 }).catch(() => null);
  const v = await page.evaluate(() => {
    const y = window.silaYasgui && window.silaYasgui.getTab().getYasqe();
    if (!y) return null;
    let first = -1;
    for (let i = 0; i < y.lineCount(); i++)
      if (/^\s*SELECT\b/i.test(y.getLine(i))) { first = i; break; }
    const top = y.heightAtLine(first, 'local'), s = y.getScrollInfo();
    return { first, top, scroll: s.top, height: s.clientHeight };
  });
  if (v)
    check('query page: the SELECT in view', v.first > 0 && v.top >= v.scroll &&
      v.top < v.scroll + v.height, JSON.stringify(v));
  else
    console.log('note: no YASGUI among the assets: the query editor not checked');
  await page.close();
}
await browser.close();
finish('audit_pages');
