// pubarea.mjs — a steward in headless Chromium (playwright-core) through
// the publishing area: login; a CSV with errors (three municipality names
// the national vocabulary lacks) refused with its report; the Cosenza
// province's COVID-19 CSV uploaded, its mapping confirmed, described with
// theme and frequency chosen from lists, previewed (table, Turtle, report)
// and published, then seen on the portal at /set/{slug}; a second version;
// the history and a restore of version 1; logout, and the administrator's
// audit log.  axe-core (WCAG 2.1 A/AA) must
// find 0 violations on every page of the area.
//
// Run by tests/pubarea_browser.sh.  Environment: PW_DIR (node_modules with
// playwright-core and axe-core), CHROMIUM, SILA_URL, FILES (the CSVs),
// SHOTS (screenshots).  Prints a line per failed check, exits 1 on any.
import { mkdirSync } from 'fs';
import path from 'path';
import { chromium, check, axeViolations, finish } from './common.mjs';

const U = process.env.SILA_URL;
const FILES = process.env.FILES;
const shots = process.env.SHOTS;
mkdirSync(shots, { recursive: true });

async function axe(page, name) {
  await page.screenshot({ path: path.join(shots, name + '.png'), fullPage: true });
  const v = await axeViolations(page);
  check(`axe ${name}: 0 violations`, v.length === 0, v.join('; '));
}

// Uploads a file, confirms the mapping with `slug`, fills the description.
async function prepare(page, file, slug, name) {
  await page.goto(U + '/pubblica');
  await page.setInputFiles('#file', file);
  await Promise.all([page.waitForURL('**/pubblica/modello'), page.click('button:has-text("Carica e analizza")')]);
  check(`${name}: mapping page`, (await page.locator('#colonne').count()) === 1);
  await page.fill('#slug', slug);
  await Promise.all([page.waitForURL('**/pubblica/descrizione'), page.click('button:has-text("Conferma e prosegui")')]);
  await page.fill('#titolo', name === 'errori' ? 'Casi per comune' : 'COVID-19 in provincia di Cosenza');
  await page.fill('#descrizione', 'Casi, ricoveri e decessi in provincia di Cosenza');
  await page.selectOption('#tema', { label: 'Salute' });
  await page.selectOption('#frequenza', { label: 'quotidiana' });
  await page.fill('#contatto', 'Dipartimento Salute');
  await page.fill('#email', 'salute@example.org');
  await Promise.all([page.waitForURL('**/pubblica/anteprima'), page.click('button:has-text("Salva e vai")')]);
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM, args: ['--no-sandbox'] });
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  // login
  const r0 = await page.goto(U + '/pubblica');
  check('the area asks for a login', page.url().endsWith('/pubblica/accesso'), page.url());
  check('login page status', r0.status() === 200, r0.status());
  await axe(page, 'accesso');
  await page.fill('#utente', 'anna');
  await page.fill('#password', 'sbagliata-davvero');
  await page.click('button:has-text("Accedi")');
  check('a wrong password is told', (await page.locator('#errore').textContent()).includes('non corretti'));
  await page.fill('#utente', 'anna');
  await page.fill('#password', 'password-di-anna');
  await Promise.all([page.waitForURL(U + '/pubblica'), page.click('button:has-text("Accedi")')]);
  check('logged in', (await page.content()).includes('Accesso come'));
  await axe(page, 'home');

  // a CSV with errors: refused, its report shown with positions
  await prepare(page, path.join(FILES, 'covid19-cosenza-comuni-2020-08-01.csv'), 'covid-comuni', 'errori');
  await axe(page, 'modello-descrizione-anteprima-errori');
  const problems = await page.locator('#problemi').textContent();
  check('errors: DONNICI reported with its position', /comuni-2020-08-01\.csv:\d+:1: errore:.*DONNICI/.test(problems), problems.slice(0, 300));
  check('errors: refused', (await page.locator('#esito').textContent()).includes('non può essere pubblicato'));
  check('errors: no publish button', (await page.locator('#pubblica').count()) === 0);

  // the good CSV: mapping page and description checked by axe on the way
  await page.goto(U + '/pubblica');
  await page.setInputFiles('#file', path.join(FILES, 'covid19-cosenza-provincia.csv'));
  await Promise.all([page.waitForURL('**/pubblica/modello'), page.click('button:has-text("Carica e analizza")')]);
  check('inspection: rows', (await page.locator('#analisi').textContent()).includes('855'));
  await axe(page, 'modello');
  await page.selectOption('#modello', 'statistics');
  await page.click('button:has-text("Usa questo modello")');
  check('a template: its columns editable', (await page.locator('select#col0').count()) === 1);
  await axe(page, 'modello-statistics');
  await page.selectOption('#modello', '');
  await page.click('button:has-text("Usa questo modello")');
  await page.fill('#slug', 'covid-cosenza');
  await Promise.all([page.waitForURL('**/pubblica/descrizione'), page.click('button:has-text("Conferma e prosegui")')]);
  await axe(page, 'descrizione');
  await page.fill('#titolo', 'COVID-19 in provincia di Cosenza');
  await page.fill('#descrizione', 'Casi, ricoveri e decessi giornalieri in provincia di Cosenza');
  await page.selectOption('#tema', { label: 'Salute' });
  await page.selectOption('#frequenza', { label: 'quotidiana' });
  await page.fill('#contatto', 'Dipartimento Salute');
  await page.fill('#email', 'salute@example.org');
  await Promise.all([page.waitForURL('**/pubblica/anteprima'), page.click('button:has-text("Salva e vai")')]);
  check('preview: the first rows', (await page.locator('#prime-righe tbody tr').count()) === 10);
  check('preview: Turtle', (await page.locator('#turtle').textContent()).includes('2020-03-10'));
  check('preview: no errors', (await page.locator('#errori').textContent()).trim() === '0');
  await axe(page, 'anteprima');
  await Promise.all([page.waitForNavigation(), page.click('#pubblica')]);
  check('published', (await page.locator('h1').textContent()).includes('Dataset pubblicato'));
  await axe(page, 'pubblicato');
  await Promise.all([page.waitForNavigation(), page.click('#link-dataset')]);
  check('on the portal at /set/covid-cosenza', page.url().endsWith('/set/covid-cosenza'), page.url());
  check('its title on the portal', (await page.content()).includes('COVID-19 in provincia di Cosenza'));

  // a second version, then the first restored
  await prepare(page, path.join(FILES, 'v2', 'covid19-cosenza-provincia.csv'), 'covid-cosenza', 'v2');
  await Promise.all([page.waitForNavigation(), page.click('#pubblica')]);
  check('version 2 published', (await page.locator('h1').textContent()).includes('Dataset pubblicato'));
  await page.goto(U + '/pubblica/storia/covid-cosenza');
  check('history: two versions', (await page.locator('#versioni tbody tr').count()) === 2);
  await axe(page, 'storia');
  await Promise.all([page.waitForNavigation(), page.click('#ripristina-1')]);
  check('restored', (await page.locator('h1').textContent()).includes('Versione 1 ripristinata'));
  await axe(page, 'ripristino');
  const rows = (await page.locator('#rapporto').textContent()).replace(/\s+/g, ' ');
  check('restore: the 855 rows back', rows.includes('855'), rows.slice(0, 200));
  await page.goto(U + '/pubblica/storia/covid-cosenza');
  check('history: three versions', (await page.locator('#versioni tbody tr').count()) === 3);
  // phone width: the area still reads without sideways scrolling
  await page.setViewportSize({ width: 375, height: 740 });
  await page.goto(U + '/pubblica');
  const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
  check('phone: no sideways scrolling', !wide);
  await axe(page, 'home-phone');
  // logout, then the administrator's audit log
  await page.setViewportSize({ width: 1200, height: 900 });
  await Promise.all([page.waitForURL('**/pubblica/accesso'), page.click('button:has-text("Esci")')]);
  check('logged out', page.url().endsWith('/pubblica/accesso'));
  await page.fill('#utente', 'root');
  await page.fill('#password', 'password-di-root!');
  await Promise.all([page.waitForURL(U + '/pubblica'), page.click('button:has-text("Accedi")')]);
  await Promise.all([page.waitForNavigation(), page.click('a:has-text("Registro delle operazioni")')]);
  const log = await page.locator('#registro').textContent();
  check('audit log: publish, restore, failed login', log.includes('publish') && log.includes('restore') && log.includes('login-failed'));
  check('audit log: no address', !log.includes('127.0.0.1'));
  await axe(page, 'registro');
} catch (e) {
  check('no exception', false, e && e.stack ? e.stack : e);
} finally {
  await browser.close();
}
finish('pubarea browser');
