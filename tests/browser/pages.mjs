// pages.mjs — drives headless Chromium (playwright-core) through every page
// kind of `sila serve` (home, dataset, resource, search, catalogue, query
// page, legal notes, errors 404 and 406) at phone and desktop width: a PNG
// screenshot of each, axe-core (WCAG 2.1 A and AA rules) with 0 violations
// asserted, server time and bytes per page printed; then what each page
// must do: the dataset preview table (rows, paging, sorting), its map
// (markers counted), the query page in Italian (YASGUI or the plain form),
// the keyboard path through the skip link, no sideways scrolling.
//
// Run by tests/browser_test.sh, which starts the servers and computes the
// expected values with `sila query`.  Environment:
//   PW_DIR        node_modules holding playwright-core and axe-core
//   CHROMIUM      the browser executable
//   SILA_URLS     "mode=url ..." with mode "assets" (Bootstrap Italia, YASGUI,
//                 Leaflet) or "plain" (the project's own style sheet)
//   EXPECT_DIR    SPARQL JSON results: capitals, datasets, place, points
//   SHOTS         directory for the screenshots
// Prints one line per failed check and "N passed, M failed" at the end;
// exits 1 when a check failed.
import { readFileSync, mkdirSync } from 'fs';
import path from 'path';
import { chromium, check, axeViolations as axe, finish } from './common.mjs';

// Waits until the results table has a column named `name` (a new answer
// has replaced the previous one) and at least one row.
async function waitForColumn(page, name) {
  await page.waitForFunction((n) => {
    const head = document.querySelector('.yasr table thead');
    return !!head && head.innerText.split(/\s+/).includes(n) &&
      !!document.querySelector('.yasr table tbody tr');
  }, name, { timeout: 15000 });
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
const points = Number(rows('points.srj')[0].n);
const BASE = 'https://dati.calabria.it';
const docPath = (iri) => iri.replace(BASE + '/id/', '/doc/').replace(BASE, '');
const ds = datasets.find((x) => x.dataset.endsWith('/set/strutture-ricettive')) || datasets[0];
const csvRows = Number(ds.righe);

const shots = process.env.SHOTS;
mkdirSync(shots, { recursive: true });
const WIDTHS = { phone: { width: 375, height: 740 }, desktop: { width: 1200, height: 900 } };

// Every page kind: [name, path, expected status, Accept header or null].
const PAGES = [
  ['home', '/', 200],
  ['dataset', docPath(ds.dataset), 200],
  ['resource', docPath(place.s), 200],
  ['search', '/search?q=' + encodeURIComponent(capitals[0].comune), 200],
  ['catalogue', '/catalogo', 200, 'text/html'],
  ['query', '/query', 200],
  ['legal', '/note-legali', 200],
  ['privacy', '/privacy', 200],
  ['accessibility', '/accessibilita', 200],
  ['plan', '/piano', 200],
  ['requests', '/richieste', 200],
  ['statistics', '/statistiche', 200],
  ['quality', '/qualita', 200],
  ['not-found', '/doc/nessuna/risorsa', 404],
  ['not-acceptable', docPath(place.s), 406, 'image/png'],
];

const timings = [];

// One page kind at one width: status, shell, axe, screenshot, numbers.
async function visit(context, mode, url, width, [name, p, status, accept]) {
  const page = await context.newPage();
  if (accept) // the page's own request only (its style sheets ask as usual)
    await page.route(url + p, (route) => route.continue({
      headers: { ...route.request().headers(), accept } }));
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const resp = await page.goto(url + p);
  const tag = `${mode} ${width} ${name}`;
  if (name === 'catalogue' && !/^text\/html/.test(resp.headers()['content-type'] || '')) {
    // the catalogue's HTML page comes with the linked-data work; until then
    // /catalogo answers RDF only
    console.log(`note: ${tag}: /catalogo has no HTML page yet (${resp.headers()['content-type']}), not checked`);
    await page.close();
    return;
  }
  check(`${tag}: status`, resp.status() === status, resp.status());
  if (name === 'resource' || name === 'dataset')
    await humanTitle(page, tag);
  if (name === 'query' && mode === 'assets')
    await page.waitForFunction(() => !!window.silaYasgui, null, { timeout: 15000 }).catch(() => null);
  if (name === 'dataset' && mode === 'assets')
    await page.waitForFunction(() => !!window.silaMap, null, { timeout: 15000 }).catch(() => null);
  await page.waitForLoadState('load');
  const shell = await page.evaluate(() => ({
    h1: document.querySelectorAll('h1').length,
    lang: document.documentElement.lang,
    skip: !!document.querySelector('a.skip[href="#main"]'),
    region: (document.querySelector('header') || {}).innerText || '',
    legal: ['/note-legali', '/privacy', '/accessibilita'].every((h) =>
      document.querySelector(`footer a[href^="${h}"]`)),
    crumbs: !!document.querySelector('nav[aria-label="Percorso di navigazione"]'),
    bi: !!document.querySelector('link[href$="bootstrap-italia.min.css"]'),
    // map tiles excepted: their server is a setting (OpenStreetMap's by default)
    foreign: [...document.querySelectorAll('script[src], link[href][rel=stylesheet], img[src]:not(.leaflet-tile)')]
      .map((e) => e.getAttribute('src') || e.getAttribute('href'))
      .filter((u) => /^(https?:)?\/\//.test(u) && !u.startsWith(location.origin)),
    wide: document.documentElement.scrollWidth > window.innerWidth + 1,
  }));
  check(`${tag}: one h1`, shell.h1 === 1, shell.h1);
  check(`${tag}: html lang it`, shell.lang === 'it', shell.lang);
  check(`${tag}: skip link`, shell.skip);
  check(`${tag}: header names the Region`, shell.region.includes('Regione Calabria'));
  check(`${tag}: footer legal notes`, shell.legal);
  check(`${tag}: breadcrumbs`, name === 'home' ? !shell.crumbs : shell.crumbs);
  check(`${tag}: Bootstrap Italia ${mode === 'assets' ? 'used' : 'absent'}`,
    shell.bi === (mode === 'assets'));
  check(`${tag}: nothing loaded from other sites`, shell.foreign.length === 0,
    shell.foreign.join(' '));
  check(`${tag}: no sideways scrolling`, !shell.wide);
  const violations = await axe(page);
  check(`${tag}: axe-core WCAG 2.1 AA violations`, violations.length === 0, violations.join(' | '));
  await page.screenshot({ path: path.join(shots, `${mode}-${width}-${name}.png`), fullPage: true });
  const t = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const res = performance.getEntriesByType('resource');
    return {
      server: nav.responseStart - nav.requestStart,
      html: nav.encodedBodySize,
      total: nav.transferSize + res.reduce((a, r) => a + (r.transferSize || 0), 0),
      files: res.length,
    };
  });
  timings.push({ mode, width, name, ...t, axe: violations.length });
  check(`${tag}: no script errors`, errors.length === 0, errors.join(' | '));
  await page.close();
}

// ---- what particular pages must do ----

async function datasetPage(context, mode, url) {
  const page = await context.newPage();
  await page.goto(url + docPath(ds.dataset));
  check(`${mode} dataset: title`, (await page.innerText('h1')) === ds.titolo);
  const main = await page.innerText('main');
  for (const s of ['Editore', 'Tema', 'Licenza', 'Ultimo aggiornamento', 'Frequenza di aggiornamento',
    'Ontologie usate', 'Stelle dei dati aperti'])
    check(`${mode} dataset: shows ${s}`, main.includes(s));
  check(`${mode} dataset: frequency in words`, /Frequenza di aggiornamento\s+annuale/.test(main));
  check(`${mode} dataset: date in Italian`, /\d{1,2} (gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|novembre|dicembre) \d{4}/.test(main));
  check(`${mode} dataset: CSV rows`, (await page.innerText('#righe')) === String(csvRows));
  check(`${mode} dataset: triples`, /^\d[\d.]*$/.test(await page.innerText('#triple')));
  for (const f of ['CSV', 'Turtle', 'N-Triples', 'JSON-LD'])
    check(`${mode} dataset: download ${f}`, (await page.$(`#uso ~ ul a.btn:text-is("${f}")`)) !== null);
  const csvHref = await page.getAttribute('a.btn:text-is("CSV")', 'href');
  const csv = await page.request.get(url + csvHref);
  check(`${mode} dataset: CSV download resolves`, csv.status() === 200, csv.status());
  check(`${mode} dataset: cite`, (await page.innerText('#citazione')).includes(ds.dataset));
  // the preview: CSVW titles and types, paged, sortable
  const head = await page.$$eval('#tabella-anteprima thead th', (ths) => ths.map((t) => t.innerText));
  check(`${mode} dataset: preview columns with types`, head.length > 3 && head.some((h) => /numero/.test(h)),
    head.join(' | '));
  const visible = () => page.$$eval('#tabella-anteprima tbody tr', (trs) =>
    trs.filter((t) => !t.hidden).map((t) => t.cells[1].innerText));
  const shown = await visible();
  const perPage = mode === 'assets' ? 10 : 100;
  check(`${mode} dataset: preview shows the first rows`,
    shown.length === Math.min(csvRows, perPage), `${shown.length} of ${csvRows}`);
  if (mode === 'assets') {
    await page.click('#tabella-anteprima thead th:nth-child(2) button');
    const asc = await visible();
    const sorted = [...asc].sort((a, b) => a.localeCompare(b, 'it'));
    check(`${mode} dataset: preview sorts by column`, JSON.stringify(asc) === JSON.stringify(sorted),
      asc.join(', '));
    check(`${mode} dataset: sorted column marked`, (await page.getAttribute(
      '#tabella-anteprima thead th:nth-child(2)', 'aria-sort')) === 'ascending');
    await page.click('#tabella-anteprima thead th:nth-child(2) button');
    const desc = await visible();
    check(`${mode} dataset: and back`, desc[0] === sorted[sorted.length - 1], desc[0]);
    // the map: one marker per resource with coordinates, clustered
    await page.waitForFunction(() => !!window.silaMap, null, { timeout: 15000 }).catch(() => null);
    const m = await page.evaluate(() => window.silaMap && {
      count: window.silaMap.count,
      layers: window.silaMap.layer.getLayers().length,
      clustered: typeof window.silaMap.layer.getVisibleParent === 'function',
      icons: document.querySelectorAll('#mappa .leaflet-marker-icon').length,
      attribution: (document.querySelector('#mappa .leaflet-control-attribution') || {}).innerText || '',
    });
    check(`${mode} dataset: map markers = resources with coordinates`,
      m && m.count === points && m.layers === points, JSON.stringify(m));
    check(`${mode} dataset: markers clustered`, m && m.clustered);
    check(`${mode} dataset: markers drawn`, m && m.icons >= 1 && m.icons <= points, m && m.icons);
    check(`${mode} dataset: tiles credited`, m && m.attribution.includes('OpenStreetMap'));
    // a popup links to the resource's page
    await page.evaluate(() => {
      const l = window.silaMap.layer.getLayers()[0];
      window.silaMap.layer.zoomToShowLayer(l, () => l.openPopup());
    });
    const href = await page.waitForSelector('#mappa .leaflet-popup-content a', { timeout: 5000 })
      .then((a) => a.getAttribute('href')).catch(() => '');
    check(`${mode} dataset: popup links to a resource page`, href.startsWith('/doc/'), href);
  } else {
    check(`${mode} dataset: no map without Leaflet`, (await page.$('#mappa')) === null);
  }
  // the resources by type, with their titles
  const items = await page.$$eval('ul.sila-list li a', (as) => as.map((a) => a.innerText));
  check(`${mode} dataset: resources listed by title`, items.includes(place.nome), items.slice(0, 5).join(', '));
  await page.close();
}

async function resourcePage(context, mode, url) {
  const page = await context.newPage();
  await page.goto(url + docPath(place.s));
  check(`${mode} resource: title first`, (await page.innerText('h1')) === place.nome);
  const main = await page.innerText('main');
  check(`${mode} resource: type`, main.includes(place.tipo), place.tipo);
  check(`${mode} resource: property value`, main.includes(place.indirizzo), place.indirizzo);
  check(`${mode} resource: grouped`, (await page.$('h3#identita')) !== null &&
    (await page.$('h3#luogo')) !== null);
  const lat = await page.$eval(`span[title^="${place.lat} "]`, (s) => s.innerText).catch(() => '');
  check(`${mode} resource: number the Italian way, typed value on hover`,
    lat === place.lat.replace('.', ','), `${lat} for ${place.lat}`);
  const national = await page.$$eval('main a[href^="https://w3id.org/italia/controlled-vocabulary/"]',
    (as) => as.map((a) => [a.innerText, a.title]));
  check(`${mode} resource: national IRIs shown by their label, the IRI on hover`, national.length > 0 &&
    national.every(([t, title]) => !t.startsWith('http') && title.startsWith('https://w3id.org/')),
    JSON.stringify(national));
  if (mode === 'assets') {
    await page.waitForSelector('#mappa.leaflet-container .leaflet-marker-icon', { timeout: 15000 })
      .catch(() => null);
    check(`${mode} resource: Leaflet map with a marker`,
      (await page.$('#mappa.leaflet-container .leaflet-marker-icon')) !== null);
  }
  await page.close();
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
const tableRows = (page, sel) =>
  page.$$eval(sel, (trs) => trs.map((tr) => tr.innerText.replace(/\s+/g, ' ').trim()));

async function queryYasgui(context, mode, url) {
  const page = await context.newPage();
  // an example query of the home page opens in the query page, prefilled
  await page.goto(url + '/');
  await Promise.all([page.waitForURL(/\/query\?query=/), page.click('a.apri >> nth=0')]);
  await page.waitForFunction(() => !!window.silaYasgui, null, { timeout: 15000 });
  const prefilled = await page.evaluate(() => window.silaYasgui.getTab().getQuery());
  check(`${mode} query: example prefilled`, prefilled.includes('dcat:Dataset'), prefilled);
  await page.goto(url + '/query');
  await page.waitForFunction(() => !!window.silaYasgui, null, { timeout: 15000 });
  check(`${mode} query: plain form hidden`, await page.$eval('#modulo', (e) => e.hidden));
  await datasetExamples(page, mode);
  const q = await page.evaluate(() => window.silaYasgui.getTab().getQuery());
  check(`${mode} query: national prefixes preset`,
    q.includes('PREFIX clv: <https://w3id.org/italia/onto/CLV/>') &&
    q.includes('PREFIX calabria: <https://dati.calabria.it/onto/>'), q.slice(0, 200));
  check(`${mode} query: run button in Italian`,
    (await page.getAttribute('.yasqe_queryButton', 'aria-label')) === 'Esegui la query');
  await page.click('.yasqe_queryButton');
  await page.waitForSelector('.yasr table tbody tr', { timeout: 15000 });
  checkCapitals(mode, await tableRows(page, '.yasr table tbody tr'));
  await page.waitForFunction(() => /risultati in/.test(document.querySelector('.yasr').innerText),
    null, { timeout: 5000 }).catch(() => null);
  const yasr = await page.innerText('.yasr');
  check(`${mode} query: results in Italian`, /\d+ risultati in [\d,]+ secondi/.test(yasr) &&
    yasr.includes('Tabella') && !/\bShowing\b|\bresults in\b|Page size/.test(yasr), yasr.slice(0, 300));
  const violations = await axe(page);
  check(`${mode} query with results: axe-core violations`, violations.length === 0, violations.join(' | '));
  await page.screenshot({ path: path.join(shots, `${mode}-desktop-query-results.png`), fullPage: true });
  // results with coordinates: on the map, popups linking to local pages
  await page.evaluate(() => { window.silaYasgui.getTab().setQuery(
    'PREFIX clv: <https://w3id.org/italia/onto/CLV/>\nPREFIX poi: <https://w3id.org/italia/onto/POI/>\n' +
    'SELECT ?s ?nome ?lat ?long WHERE { ?s poi:POIofficialName ?nome ; clv:lat ?lat ; clv:long ?long }'); });
  await page.click('.yasqe_queryButton');
  // the previous query's table stays until the new answer replaces it
  await waitForColumn(page, 'nome');
  const href = await page.$eval('.yasr table tbody a', (a) => a.getAttribute('href')).catch(() => '');
  check(`${mode} query: result IRIs link to the local pages`, href.startsWith('/doc/'), href);
  await page.click('.yasr .select_mappa');
  await page.waitForFunction(() => !!window.silaResultMap, null, { timeout: 10000 }).catch(() => null);
  const n = await page.evaluate(() => window.silaResultMap && window.silaResultMap.count);
  check(`${mode} query: results with coordinates on a map`, n === points, n);
  await page.screenshot({ path: path.join(shots, `${mode}-desktop-query-map.png`), fullPage: true });
  // a count per group as a chart
  await page.evaluate(() => { window.silaYasgui.getTab().setQuery(
    'SELECT ?g (COUNT(*) AS ?triple) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g'); });
  await page.click('.yasqe_queryButton');
  await waitForColumn(page, 'triple');
  await page.click('.yasr .select_grafico');
  const bars = await page.$$eval('.sila-barra', (b) => b.length).catch(() => 0);
  check(`${mode} query: a chart of the counts`, bars === datasets.length + 2 || bars >= datasets.length, bars);
  await page.close();
}

// example queries per dataset of the catalogue, opening in the page
async function datasetExamples(page, mode) {
  const items = await page.$$eval('#esempi-dataset + ul a', (as) => as.map((a) => a.innerText));
  check(`${mode} query: an example per dataset`, datasets.every((d) => items.includes(d.titolo)),
    items.join(', '));
}

async function queryPlain(context, mode, url) {
  const page = await context.newPage();
  await page.goto(url + '/query');
  await datasetExamples(page, mode);
  check(`${mode} query: no YASGUI`, (await page.$('.yasqe')) === null);
  check(`${mode} query: html format offered first`,
    (await page.$eval('#fmt', (e) => e.value)) === 'html');
  await Promise.all([page.waitForURL(/\/sparql$/), page.click('#modulo button[type=submit]')]);
  checkCapitals(mode, await tableRows(page, 'table tbody tr'));
  check(`${mode} results: count`, (await page.innerText('#conteggio')).startsWith(
    `${capitals.length} risultati`));
  await page.screenshot({ path: path.join(shots, `${mode}-desktop-results.png`), fullPage: true });
  await page.goto(url + '/query');
  await page.fill('#query', 'PREFIX l0: <https://w3id.org/italia/onto/l0/>\n' +
    `SELECT ?s WHERE { ?s l0:name "${capitals[0].comune}"@it }`);
  await Promise.all([page.waitForURL(/\/sparql$/), page.click('#modulo button[type=submit]')]);
  const href = await page.$eval('table tbody a', (a) => a.getAttribute('href')).catch(() => '');
  check(`${mode} results: local IRI links to its /doc/ page`, href.startsWith('/doc/'), href);
  await page.close();
}

async function homePage(context, mode, url) {
  const page = await context.newPage();
  await page.goto(url + '/');
  const body = await page.innerText('main');
  for (const d of datasets)
    check(`${mode} home: dataset "${d.titolo}" listed`, body.includes(d.titolo));
  check(`${mode} home: recent changes`, (await page.$('#novita')) !== null);
  check(`${mode} home: search box`, (await page.$('main form[role=search] input[name=q]')) !== null);
  const themes = await page.$$('a.sila-tema');
  check(`${mode} home: themes as filters`, themes.length >= 2, themes.length);
  if (mode === 'assets' && themes.length >= 2) {
    await themes[1].click();
    const shown = await page.$$eval('#elenco-dataset .sila-dataset', (c) => c.filter((x) => !x.hidden).length);
    check(`${mode} home: a theme filters the datasets`, shown >= 1 && shown < datasets.length,
      `${shown} of ${datasets.length}`);
  }
  await page.close();
}

// The keyboard reaches the content through the skip link; contrast.
async function keyboard(context, mode, url) {
  const page = await context.newPage();
  await page.goto(url + '/');
  await page.keyboard.press('Tab');
  const first = await page.evaluate(() => {
    const a = document.activeElement;
    const r = a.getBoundingClientRect();
    return { skip: a.classList.contains('skip'), href: a.getAttribute('href'), visible: r.width > 1 && r.left >= 0 };
  });
  check(`${mode} keyboard: Tab reaches the skip link first`, first.skip && first.href === '#main',
    JSON.stringify(first));
  check(`${mode} keyboard: the focused skip link is visible`, first.visible);
  await page.keyboard.press('Enter');
  await page.waitForURL(/#main$/, { timeout: 3000 }).catch(() => null);
  check(`${mode} keyboard: Enter on it goes to the content`, page.url().endsWith('#main'), page.url());
  await page.close();
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
async function linked(context, mode, url) {
  const page = await context.newPage();
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
  await page.close();
}

// Full-text search (issue 15): the search box of the page shell leads to
// /search, whose results have highlighted snippets and facets.
async function searchPage(context, mode, url) {
  const page = await context.newPage();
  await page.goto(url + '/');
  await page.fill('form[action="/search"] input[name="q"] >> nth=0', 'castelli');
  await Promise.all([page.waitForURL(/\/search\?q=castelli/),
    page.press('form[action="/search"] input[name="q"] >> nth=0', 'Enter')]);
  const main = await page.innerText('main');
  check(`${mode} search: the castle found`, main.includes('Castello Svevo di Cosenza'));
  check(`${mode} search: highlighted snippet`, (await page.$('main .snippet b')) !== null);
  check(`${mode} search: facets`, (await page.$('#facet-tipo')) !== null &&
    (await page.$('#facet-dataset')) !== null);
  // Data before vocabulary: a museum first, the class cis:Museum after, marked.
  await page.goto(url + '/search?q=Museo');
  const first = await page.innerText('main ol.results > li >> nth=0');
  check(`${mode} search: a museum first`, first.includes('Museo') && !first.includes('Vocabolario'));
  check(`${mode} search: vocabulary marked`, (await page.$('main .badge.vocabolario')) !== null);
  // A malformed query: what is wrong and where, in Italian.
  await page.goto(url + '/search?q=' + encodeURIComponent('castello "svevo'));
  const alert = await page.innerText('main [role=alert]');
  check(`${mode} search: Italian error`, alert.includes('Le virgolette aperte al carattere 10'));
  await page.close();
}

// The programme's pages (issue 17): the plan says what is late, the form
// takes a request that then shows in the list, the statistics draw their
// charts (with the assets) over tables, the quality page lists datasets.
async function progPages(context, mode, url) {
  const page = await context.newPage();
  await page.goto(url + '/piano');
  const plan = await page.innerText('main');
  check(`${mode} plan: a late item`, /in ritardo di \d+ giorn/.test(plan));
  check(`${mode} plan: a published item links its dataset`,
    (await page.$('#pubblicati ~ div a[href="/set/strutture-ricettive"]')) !== null);
  await page.goto(url + '/richieste');
  const what = `Dati di prova dal browser (${mode})`;
  await page.fill('#what', what);
  await page.fill('#why', 'Per verificare il modulo.');
  await page.fill('#contact', 'prova@example.org');
  await Promise.all([page.waitForURL(/\/richieste\?inviata=\d+/), page.click('#richiesta button[type=submit]')]);
  check(`${mode} requests: thanks`, (await page.innerText('#esito')).includes('Grazie'));
  const list = await page.innerText('#elenco ~ div table');
  check(`${mode} requests: listed`, list.includes(what));
  check(`${mode} requests: contact not shown`, !(await page.innerText('main')).includes('prova@example.org'));
  await page.goto(url + '/statistiche');
  check(`${mode} statistics: a table per chart`,
    (await page.$$('main table caption')).length >= 2);
  if (mode === 'assets') {
    const drawn = await page.evaluate(() => !!(window.Chart && window.Chart.getChart('chart-datasets')));
    check(`${mode} statistics: the chart is drawn`, drawn);
  }
  const csv = await page.request.get(url + '/statistiche.csv');
  check(`${mode} statistics: CSV`, csv.status() === 200 && (await csv.text()).startsWith('day,dataset,views'));
  await page.goto(url + '/qualita');
  check(`${mode} quality: datasets listed`, (await page.$$('main tr[id^="q-"]')).length >= 5);
  await page.close();
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
try {
  for (const spec of process.env.SILA_URLS.trim().split(/\s+/)) {
    const [mode, url] = spec.split('=');
    for (const [width, viewport] of Object.entries(WIDTHS)) {
      // a fresh context per width: first visits, nothing cached
      const context = await browser.newContext({ viewport });
      // No tile server is reachable in tests: answer tile requests locally.
      await context.route(/tile\.openstreetmap\.org/, (route) => route.fulfill({ status: 204 }));
      for (const p of PAGES) {
        try {
          await visit(context, mode, url, width, p);
        } catch (e) {
          check(`${mode} ${width} ${p[0]}: visited`, false, String(e).split('\n')[0]);
        }
      }
      await context.close();
    }
    const context = await browser.newContext({ viewport: WIDTHS.desktop });
    await context.route(/tile\.openstreetmap\.org/, (route) => route.fulfill({ status: 204 }));
    context.setDefaultTimeout(15000);
    for (const step of [homePage, datasetPage, resourcePage,
      mode === 'assets' ? queryYasgui : queryPlain, keyboard, linked, searchPage, progPages]) {
      try {
        await step(context, mode, url);
      } catch (e) {
        check(`${mode} ${step.name}: ran`, false, String(e).split('\n')[0]);
      }
    }
    await context.close();
  }
} finally {
  await browser.close();
}
console.log('page kind, width: server ms, HTML bytes, bytes with assets (first visit), files, axe violations');
for (const t of timings)
  console.log(`  ${t.mode.padEnd(6)} ${t.width.padEnd(7)} ${t.name.padEnd(15)} ${t.server.toFixed(1).padStart(6)} ms ` +
    `${String(t.html).padStart(7)} B ${String(t.total).padStart(9)} B ${String(t.files).padStart(3)} files  axe ${t.axe}`);
finish('');
