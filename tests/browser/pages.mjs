// pages.mjs — drives headless Chromium (playwright-core) through the pages
// of `sila serve`: home, query page (YASGUI or the plain form), results,
// a resource page with coordinates and a dataset page, with a basic
// accessibility check on each and a PNG screenshot of each.
//
// Run by tests/browser_test.sh, which starts the servers and computes the
// expected values with `sila query`.  Environment:
//   PW_DIR        node_modules holding playwright-core
//   CHROMIUM      the browser executable
//   SILA_URLS     "mode=url ..." with mode "assets" (YASGUI + Leaflet) or "plain"
//   EXPECT_DIR    SPARQL JSON results: capitals.srj, datasets.srj, place.srj
//   SHOTS         directory for the screenshots
// Prints one line per failed check and "N passed, M failed" at the end;
// exits 1 when a check failed.
import { createRequire } from 'module';
import { readFileSync, mkdirSync } from 'fs';
import path from 'path';

const require = createRequire(path.join(process.env.PW_DIR, 'x.js'));
const { chromium } = require('playwright-core');

let passed = 0;
let failed = 0;
function check(name, cond, detail) {
  if (cond) passed++;
  else {
    failed++;
    console.log(`FAIL: ${name}${detail !== undefined ? ': ' + detail : ''}`);
  }
}

// Bindings of a SPARQL JSON result as plain {var: value} objects.
function rows(file) {
  const j = JSON.parse(readFileSync(path.join(process.env.EXPECT_DIR, file), 'utf8'));
  return j.results.bindings.map((b) =>
    Object.fromEntries(Object.entries(b).map(([k, v]) => [k, v.value])));
}
const capitals = rows('capitals.srj');
const datasets = rows('datasets.srj');
const place = rows('place.srj')[0];
const BASE = 'https://dati.calabria.it';
const docPath = (iri) => iri.replace(BASE + '/id/', '/doc/').replace(BASE, '');

const shots = process.env.SHOTS;
mkdirSync(shots, { recursive: true });

// One h1, a language, alt on every image, a label on every form control
// (YASGUI's and Leaflet's own widgets excepted: third-party markup).
async function a11y(page, name) {
  const r = await page.evaluate(() => {
    const out = {};
    out.h1 = document.querySelectorAll('h1').length;
    out.lang = document.documentElement.getAttribute('lang') || '';
    out.noAlt = [...document.querySelectorAll('img')].filter((i) => !i.hasAttribute('alt'))
      .map((i) => i.src);
    const own = (el) => !el.closest('#yasgui, .leaflet-container');
    out.unlabelled = [...document.querySelectorAll('input, select, textarea')]
      .filter((c) => own(c) && c.type !== 'hidden' && c.type !== 'submit')
      .filter((c) => !(c.labels && c.labels.length) && !c.getAttribute('aria-label') &&
        !c.getAttribute('aria-labelledby'))
      .map((c) => c.outerHTML.slice(0, 80));
    return out;
  });
  check(`${name}: one h1`, r.h1 === 1, r.h1);
  check(`${name}: html lang`, r.lang.length >= 2, r.lang);
  check(`${name}: every img has alt`, r.noAlt.length === 0, r.noAlt.join(' '));
  check(`${name}: form controls labelled`, r.unlabelled.length === 0, r.unlabelled.join(' '));
}

async function shot(page, file) {
  await page.screenshot({ path: path.join(shots, file), fullPage: true });
}

const text = (page, sel) => page.$eval(sel, (e) => e.innerText);

async function home(page, mode, url) {
  const resp = await page.goto(url + '/');
  check(`${mode} home: status`, resp.status() === 200, resp.status());
  const body = await text(page, 'main');
  for (const d of datasets)
    check(`${mode} home: dataset "${d.titolo}" listed`, body.includes(d.titolo));
  check(`${mode} home: nav link to /query`, (await page.$('header a[href="/query"]')) !== null);
  await a11y(page, `${mode} home`);
  await shot(page, `${mode}-home.png`);
  // an example query opens in the query page, prefilled
  await Promise.all([page.waitForURL(/\/query\?query=/), page.click('a.apri >> nth=0')]);
}

// The capitals shown in a table: the rows' cells as text.
async function tableRows(page, sel) {
  return page.$$eval(sel, (trs) => trs.map((tr) => tr.innerText.replace(/\s+/g, ' ').trim()));
}

function checkCapitals(mode, shown) {
  check(`${mode} query: ${capitals.length} rows`, shown.length === capitals.length,
    `${shown.length}: ${shown.join(' | ')}`);
  capitals.forEach((c, i) => {
    const row = shown[i] || '';
    check(`${mode} query: row ${i + 1} is ${c.comune} (${c.sigla})`,
      row.includes(c.istat) && row.includes(c.comune) && row.includes(c.sigla), row);
  });
}

async function queryYasgui(page, mode, url) {
  // the example link from the home page prefilled the editor
  await page.waitForFunction(() => !!window.silaYasgui, null, { timeout: 15000 });
  const prefilled = await page.evaluate(() => window.silaYasgui.getTab().getQuery());
  check(`${mode} query: example prefilled`, prefilled.includes('dcat:Dataset'), prefilled);
  await page.goto(url + '/query');
  await page.waitForFunction(() => !!window.silaYasgui, null, { timeout: 15000 });
  check(`${mode} query: YASGUI editor shown`, (await page.$('.yasqe')) !== null);
  check(`${mode} query: plain form hidden`, await page.$eval('#modulo', (e) => e.hidden));
  const q = await page.evaluate(() => window.silaYasgui.getTab().getQuery());
  check(`${mode} query: national prefixes preset`,
    q.includes('PREFIX clv: <https://w3id.org/italia/onto/CLV/>') &&
    q.includes('PREFIX calabria: <https://dati.calabria.it/onto/>'), q.slice(0, 200));
  await a11y(page, `${mode} query page`);
  await page.click('.yasqe_queryButton');
  await page.waitForSelector('.yasr table tbody tr', { timeout: 15000 });
  checkCapitals(mode, await tableRows(page, '.yasr table tbody tr'));
  await shot(page, `${mode}-query.png`);
}

async function queryPlain(page, mode, url) {
  const prefilled = await page.$eval('#query', (e) => e.value);
  check(`${mode} query: example prefilled`, prefilled.includes('dcat:Dataset'),
    prefilled.slice(0, 200));
  await page.goto(url + '/query');
  check(`${mode} query: no YASGUI`, (await page.$('.yasqe')) === null);
  check(`${mode} query: html format offered first`,
    (await page.$eval('#fmt', (e) => e.value)) === 'html');
  await a11y(page, `${mode} query page`);
  await shot(page, `${mode}-query.png`);
  await Promise.all([page.waitForURL(/\/sparql$/), page.click('#modulo button[type=submit]')]);
  checkCapitals(mode, await tableRows(page, 'table tbody tr'));
  check(`${mode} results: count`, (await text(page, '#conteggio')).startsWith(
    `${capitals.length} risultati`));
  await a11y(page, `${mode} results`);
  await shot(page, `${mode}-results.png`);
  // IRIs of this site link to their pages
  await page.goto(url + '/query');
  await page.fill('#query', 'PREFIX l0: <https://w3id.org/italia/onto/l0/>\n' +
    `SELECT ?s WHERE { ?s l0:name "${capitals[0].comune}"@it }`);
  await Promise.all([page.waitForURL(/\/sparql$/), page.click('#modulo button[type=submit]')]);
  const href = await page.$eval('table tbody a', (a) => a.getAttribute('href')).catch(() => '');
  check(`${mode} results: local IRI links to its /doc/ page`, href.startsWith('/doc/'), href);
}

async function resource(page, mode, url) {
  const resp = await page.goto(url + docPath(place.s));
  check(`${mode} resource: status`, resp.status() === 200, resp.status());
  await humanTitle(page, `${mode} resource`);
  check(`${mode} resource: label`, (await text(page, 'h1')) === place.nome,
    await text(page, 'h1'));
  const main = await text(page, 'main');
  check(`${mode} resource: type`, main.includes(place.tipo), place.tipo);
  check(`${mode} resource: property value`, main.includes(place.indirizzo), place.indirizzo);
  const map = await page.$eval('a.map', (a) => a.href).catch(() => '');
  check(`${mode} resource: map link`,
    map.startsWith('https://www.openstreetmap.org/') && map.includes(`mlat=${place.lat}`) &&
    map.includes(`mlon=${place.long}`), map);
  if (mode === 'assets') {
    await page.waitForSelector('#mappa.leaflet-container .leaflet-marker-icon',
      { timeout: 15000 }).catch(() => null);
    check(`${mode} resource: Leaflet map with a marker`,
      (await page.$('#mappa.leaflet-container .leaflet-marker-icon')) !== null);
  } else {
    check(`${mode} resource: no map without Leaflet`, (await page.$('#mappa')) === null);
  }
  await a11y(page, `${mode} resource`);
  await shot(page, `${mode}-resource.png`);
}

async function dataset(page, mode, url) {
  const d = datasets.find((x) => x.dataset.endsWith('/set/strutture-ricettive')) || datasets[0];
  const resp = await page.goto(url + docPath(d.dataset));
  check(`${mode} dataset: status`, resp.status() === 200, resp.status());
  await humanTitle(page, `${mode} dataset`);
  check(`${mode} dataset: title`, (await text(page, 'h1')) === d.titolo, await text(page, 'h1'));
  const main = await text(page, 'main');
  check(`${mode} dataset: distributions`, main.includes('Distribuzioni'));
  check(`${mode} dataset: triple count`, /Triple\s*\d+/.test(main));
  check(`${mode} dataset: CSV row count`, /Righe \(CSV\)\s*\d+/.test(main));
  await a11y(page, `${mode} dataset`);
  await shot(page, `${mode}-dataset.png`);
}

// Full-text search (issue 15): the search box of the page shell leads to
// /search, whose results have highlighted snippets and facets.
async function search(page, mode, url) {
  await page.goto(url + '/');
  await page.fill('form[action="/search"] input[name="q"] >> nth=0', 'castelli');
  await Promise.all([page.waitForURL(/\/search\?q=castelli/),
    page.press('form[action="/search"] input[name="q"] >> nth=0', 'Enter')]);
  const main = await text(page, 'main');
  check(`${mode} search: the castle found`, main.includes('Castello Svevo di Cosenza'));
  check(`${mode} search: highlighted snippet`, (await page.$('main .snippet b')) !== null);
  check(`${mode} search: facets`, (await page.$('#facet-tipo')) !== null &&
    (await page.$('#facet-dataset')) !== null);
  await a11y(page, `${mode} search`);
  await shot(page, `${mode}-search.png`);
}

// WCAG contrast ratio of two CSS colours "rgb(r, g, b)".
function contrast(fg, bg) {
  const lum = (c) => {
    const [r, g, b] = c.match(/\d+(\.\d+)?/g).slice(0, 3).map((v) => {
      const x = Number(v) / 255;
      return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}

// A phone: no sideways scrolling on the main pages; the keyboard reaches
// the content through the skip link; text and links readable (contrast).
async function phone(page, mode, url) {
  const context = page.context();
  const small = await context.newPage();
  await small.setViewportSize({ width: 375, height: 740 });
  const d = datasets.find((x) => x.dataset.endsWith('/set/strutture-ricettive')) || datasets[0];
  for (const [name, p] of [['home', '/'], ['resource', docPath(place.s)], ['dataset', docPath(d.dataset)],
    ['search', '/search?q=castelli']]) {
    await small.goto(url + p);
    const w = await small.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    check(`${mode} phone ${name}: no sideways scrolling`, w[0] <= w[1] + 1, `${w[0]} > ${w[1]}`);
    await shot(small, `${mode}-phone-${name}.png`);
  }
  await small.goto(url + '/');
  await small.keyboard.press('Tab');
  const first = await small.evaluate(() => {
    const a = document.activeElement;
    const r = a.getBoundingClientRect();
    return { cls: a.className, href: a.getAttribute('href'), visible: r.left >= 0 && r.width > 0 };
  });
  check(`${mode} keyboard: Tab reaches the skip link first`, first.cls === 'skip' && first.href === '#main',
    JSON.stringify(first));
  check(`${mode} keyboard: the focused skip link is visible`, first.visible);
  await small.keyboard.press('Enter');
  await small.waitForURL(/#main$/, { timeout: 3000 }).catch(() => null);
  check(`${mode} keyboard: Enter on it goes to the content`, small.url().endsWith('#main'), small.url());
  const colours = await small.evaluate(() => {
    const cs = (sel) => getComputedStyle(document.querySelector(sel));
    return {
      text: [cs('main p').color, cs('body').backgroundColor],
      link: [cs('main a').color, cs('body').backgroundColor],
      header: [cs('header a').color, cs('header').backgroundColor],
    };
  });
  for (const [what, [fg, bg]] of Object.entries(colours)) {
    const bgc = bg === 'rgba(0, 0, 0, 0)' ? 'rgb(255, 255, 255)' : bg;
    const c = contrast(fg, bgc);
    check(`${mode} contrast of ${what} >= 4.5`, c >= 4.5, `${fg} on ${bgc}: ${c.toFixed(2)}`);
  }
  await small.close();
}

// A page of a resource names its thing: a title that is not an IRI.
async function humanTitle(page, what) {
  const t = (await page.title()).split(' — Dati aperti')[0].trim();
  check(`${what}: human title`, t.length > 0 && !/^https?:\/\//.test(t) && !t.includes('://'), t);
  return t;
}

// A municipality reaches all its data: the Cosenza page (regional IRI,
// owl:sameAs the national one) lists what names only the national IRI; every
// resource page reached from it has a human title.
async function linked(page, mode, url) {
  const resp = await page.goto(url + '/doc/comune/078045');
  check(`${mode} Cosenza: status`, resp.status() === 200, resp.status());
  check(`${mode} Cosenza: title`, (await humanTitle(page, `${mode} Cosenza`)) === 'Cosenza');
  const links = await page.$$eval('#main a[href^="/doc/"]', (as) => as.map((a) => [a.getAttribute('href'), a.textContent.trim()]));
  const hrefs = links.map((l) => l[0]);
  check(`${mode} Cosenza: reaches the event EV-2025-04`, hrefs.includes('/doc/evento/EV-2025-04'), hrefs.join(' '));
  check(`${mode} Cosenza: reaches the procurement F998877665`, hrefs.includes('/doc/appalto/F998877665'), hrefs.join(' '));
  check(`${mode} Cosenza: reaches the Provincia di Cosenza`,
        links.some((l) => l[1] === 'Provincia di Cosenza'), links.map((l) => l[1]).join(' | '));
  for (const h of [...new Set(hrefs)].filter((x) => !/\.(ttl|nt|rdf|jsonld)$/.test(x)).slice(0, 25)) {
    const r = await page.goto(url + h);
    check(`${mode} ${h}: status`, r.status() === 200, r.status());
    await humanTitle(page, `${mode} ${h}`);
  }
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
try {
  for (const spec of process.env.SILA_URLS.trim().split(/\s+/)) {
    const [mode, url] = spec.split('=');
    // No tile server is reachable in tests: answer tile requests locally.
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    await context.route(/tile\.openstreetmap\.org/, (route) => route.fulfill({ status: 204 }));
    const page = await context.newPage();
    page.setDefaultTimeout(15000);
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    for (const step of [home, mode === 'assets' ? queryYasgui : queryPlain, resource, dataset, linked,
      search, phone]) {
      try {
        await step(page, mode, url);
      } catch (e) {
        check(`${mode} ${step.name}: ran`, false, String(e).split('\n')[0]);
      }
    }
    check(`${mode}: no script errors`, errors.length === 0, errors.join(' | '));
    await context.close();
  }
} finally {
  await browser.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
