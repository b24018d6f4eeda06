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
await browser.close();
finish('audit_pages');
