// report_print.mjs — the semiannual report (`sila report --format html`) as
// a coordinator prints it: Chromium at the width of an A4 page in print
// media, a PNG of every page, and the tables read without a word cut in
// two (the equal columns of a fixed layout broke "Stelle" and
// "aggiornamento mensile" across lines).
//   PW_DIR, CHROMIUM   as for pages.mjs;  REPORT  the HTML file;  SHOTS  PNGs
import path from 'path';
import { mkdirSync } from 'fs';
import { chromium, check, finish } from './common.mjs';

const shots = process.env.SHOTS;
mkdirSync(shots, { recursive: true });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM });
const page = await browser.newPage({ viewport: { width: 794, height: 1123 } }); // A4 at 96 dpi
await page.goto('file://' + process.env.REPORT);
await page.emulateMedia({ media: 'print' });
// Every word of every table cell on one line: a Range over each word has
// a single client rectangle.
const broken = await page.evaluate(() => {
  const out = [];
  for (const cell of document.querySelectorAll('th, td')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const re = /[^\s]+/g;
      let m;
      while ((m = re.exec(n.data))) {
        const r = document.createRange();
        r.setStart(n, m.index);
        r.setEnd(n, m.index + m[0].length);
        const tops = new Set([...r.getClientRects()].map((x) => Math.round(x.top)));
        if (tops.size > 1) out.push(m[0]);
      }
    }
  }
  return out;
});
check('report: no word cut across lines in a table', broken.length === 0, broken.slice(0, 8).join(', '));
const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
check('report: fits the width of an A4 page', !wide);
const h = await page.evaluate(() => document.documentElement.scrollHeight);
for (let y = 0, i = 0; y < h && i < 8; y += 1123, i++)
  await page.screenshot({ path: path.join(shots, `report-${i + 1}.png`), fullPage: true,
    clip: { x: 0, y, width: 794, height: Math.min(1123, h - y) } });
await browser.close();
finish('report_print');
