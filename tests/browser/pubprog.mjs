// pubprog.mjs — a steward in headless Chromium (playwright-core) through
// the programme's pages of the publishing area (issue 17): the release
// plan (list of the office's items, a new item added, its status changed,
// edited, dropped with a reason), request moderation (open requests first,
// one answered and linked to the plan, the answer then on the public
// /richieste), and the semiannual report downloaded as CSV with its file
// name.  axe-core (WCAG 2.1 A/AA) must find 0 violations on every page at
// 1200 and at 375 px, with no sideways scrolling on the phone.
//
// Run by tests/pubarea_prog_browser.sh.  Environment: PW_DIR (node_modules
// with playwright-core and axe-core), CHROMIUM, SILA_URL, SHOTS
// (screenshots).  Prints a line per failed check, exits 1 on any.
import { readFileSync, mkdirSync } from 'fs';
import path from 'path';
import { chromium, check, axeViolations, finish } from './common.mjs';

const U = process.env.SILA_URL;
const shots = process.env.SHOTS;
mkdirSync(shots, { recursive: true });

// Screenshot and axe at desktop width, then the same at phone width (no
// sideways scrolling either), back to desktop.
async function axe(page, name) {
  for (const [w, h] of [[1200, 900], [375, 740]]) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot({ path: path.join(shots, `${name}-${w}.png`), fullPage: true });
    const v = await axeViolations(page);
    check(`axe ${name} at ${w} px: 0 violations`, v.length === 0, v.join('; '));
    if (w === 375) {
      const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
      check(`${name} at 375 px: no sideways scrolling`, !wide);
    }
  }
  await page.setViewportSize({ width: 1200, height: 900 });
}

const text = async (page, sel) => ((await page.locator(sel).textContent()) || '').replace(/\s+/g, ' ');

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM, args: ['--no-sandbox'] });
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 }, acceptDownloads: true });
  await page.goto(U + '/pubblica/accesso');
  await page.fill('#utente', 'anna');
  await page.fill('#password', 'password-di-anna');
  await Promise.all([page.waitForURL(U + '/pubblica'), page.click('button:has-text("Accedi")')]);

  // ---- the release plan ----
  await Promise.all([page.waitForURL('**/pubblica/piano'), page.click('#programma a:has-text("Piano di rilascio")')]);
  const list = await text(page, '#piano-gestione');
  check('plan: the office item', list.includes('Strutture ricettive della Calabria'), list.slice(0, 300));
  check('plan: not another office item', !list.includes('Raccolta differenziata'), list.slice(0, 300));
  await axe(page, 'piano');
  await page.fill('#id', 'musei-calabria');
  await page.fill('#titolo', 'Musei e luoghi della cultura');
  await page.fill('#descrizione', 'Orari, biglietti e accessibilità dei musei regionali.');
  await page.selectOption('#priorita', { label: 'alta' });
  await page.fill('#data', '2026-12-31');
  await Promise.all([page.waitForURL('**/pubblica/piano/musei-calabria?esito=aggiunto'),
    page.click('button:has-text("Aggiungi al piano")')]);
  check('added: the outcome', (await text(page, '#esito')).includes('aggiunto al piano'));
  check('added: planned', (await text(page, '#stato-attuale')).includes('previsto'));
  await axe(page, 'piano-voce');
  await page.selectOption('#stato', 'in-progress');
  await Promise.all([page.waitForURL('**esito=stato'), page.click('button:has-text("Aggiorna lo stato")')]);
  check('status: in progress', (await text(page, '#stato-attuale')).includes('in lavorazione'));
  await page.fill('#titolo', 'Musei, parchi archeologici e luoghi della cultura');
  await Promise.all([page.waitForURL('**esito=modificato'), page.click('button:has-text("Salva le modifiche")')]);
  check('edited: the new title', (await text(page, 'h1')).includes('parchi archeologici'));
  // a second item, dropped with a reason
  await page.goto(U + '/pubblica/piano');
  await page.fill('#id', 'eventi-2027');
  await page.fill('#titolo', 'Calendario degli eventi 2027');
  await page.fill('#data', '2027-01-31');
  await Promise.all([page.waitForURL('**/pubblica/piano/eventi-2027?esito=aggiunto'),
    page.click('button:has-text("Aggiungi al piano")')]);
  await page.fill('#motivo', 'Lo pubblica già il portale del turismo.');
  await Promise.all([page.waitForURL('**esito=abbandonato'), page.click('button:has-text("Abbandona")')]);
  check('dropped: the reason shown', (await text(page, '#stato-attuale')).includes('portale del turismo'));
  // the office's plan now (the screenshot piano-gestione.png)
  await page.goto(U + '/pubblica/piano');
  check('plan: the new items listed', (await page.locator('#piano-gestione tbody tr').count()) === 3);
  await page.screenshot({ path: path.join(shots, 'piano-gestione.png'), fullPage: true });
  // the public plan
  await page.goto(U + '/piano');
  const pub = await page.content();
  check('public plan: the new item', pub.includes('Musei, parchi archeologici'));
  check('public plan: the drop reason', pub.includes('portale del turismo'));

  // ---- requests ----
  await page.goto(U + '/pubblica');
  await Promise.all([page.waitForURL('**/pubblica/richieste'), page.click('#programma a:has-text("Richieste di dati")')]);
  const ids = await page.locator('#richieste-gestione tbody tr').evaluateAll((rows) => rows.map((r) => r.id));
  check('requests: the open one first', ids[0] === 'richiesta-3', ids.join(','));
  check('requests: not the one linked to another office', !ids.includes('richiesta-1'), ids.join(','));
  check('requests: the contact, here only', (await text(page, '#richieste-gestione')).includes('redazione@esempio.it'));
  await axe(page, 'richieste');
  await Promise.all([page.waitForURL('**/pubblica/richieste/3'), page.click('#richiesta-3 a')]);
  await axe(page, 'richiesta');
  await page.fill('#risposta', 'I dati delle centraline arriveranno con il piano 2027.');
  await Promise.all([page.waitForURL('**esito=risposta'), page.click('button:has-text("Pubblica la risposta")')]);
  check('answered', (await text(page, '#stato-richiesta')).includes('con risposta'));
  await page.selectOption('#piano', 'musei-calabria');
  await Promise.all([page.waitForURL('**esito=collegata'), page.click('button:has-text("Collega")')]);
  check('linked', (await text(page, '#stato-richiesta')).includes('musei-calabria'));
  await page.goto(U + '/richieste');
  const reqs = await text(page, '#richiesta-3');
  check('public: the answer', reqs.includes('arriveranno con il piano 2027'), reqs);
  check('public: the link to the plan', (await page.locator('#richiesta-3 a[href="/piano#piano-musei-calabria"]').count()) === 1);
  check('public: never the contact', !(await page.content()).includes('redazione@esempio.it'));

  // ---- the semiannual report ----
  await page.goto(U + '/pubblica');
  await Promise.all([page.waitForURL('**/pubblica/rapporto'), page.click('#programma a:has-text("Rapporto semestrale")')]);
  check('report: the last full half-year', (await page.inputValue('#da')) === '2026-01-01' && (await page.inputValue('#a')) === '2026-06-30');
  await axe(page, 'rapporto');
  await page.selectOption('#formato', 'csv');
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('button:has-text("Scarica il rapporto")')]);
  check('report: the file name', dl.suggestedFilename() === 'rapporto-semestrale-2026-01-01-2026-06-30.csv', dl.suggestedFilename());
  const csv = readFileSync(await dl.path(), 'utf8');
  check('report: the CSV', csv.startsWith('section,dataset,office,metric,value'), csv.slice(0, 80));
} catch (e) {
  check('no exception', false, e && e.stack ? e.stack : e);
} finally {
  await browser.close();
}
finish('pubarea programme browser');
