// steward.mjs — the demo's steward in headless Chromium (playwright-core):
// login with the password the demo printed; the accommodation CSV with
// "tre" stars and "Cosensa" uploaded with the template the page proposes,
// described and previewed: the problems and the reason in Italian, with the
// suggestion's name (no English, no internal code), no publish button, 0
// axe-core violations; the corrected CSV published; the dataset's page
// names the office and describes itself (<meta name="description">).
//
// Run by tests/steward_browser.sh.  Environment: PW_DIR, CHROMIUM,
// SILA_URL, FILES (bad/ and good/ CSVs), STEWARD_PASSWORD, SHOTS.
import { mkdirSync } from 'fs';
import path from 'path';
import { chromium, check, axeViolations, finish } from './common.mjs';

const U = process.env.SILA_URL;
const FILES = process.env.FILES;
const shots = process.env.SHOTS;
mkdirSync(shots, { recursive: true });

async function prepare(page, file) {
  await page.goto(U + '/pubblica');
  await page.setInputFiles('#file', file);
  await Promise.all([page.waitForURL('**/pubblica/modello'), page.click('button:has-text("Carica e analizza")')]);
  check('the accommodation template proposed', (await page.locator('#modello').inputValue()) === 'accommodation');
  await page.fill('#slug', 'strutture-ricettive');
  await Promise.all([page.waitForURL('**/pubblica/descrizione'), page.click('button:has-text("Conferma e prosegui")')]);
  await page.fill('#titolo', 'Strutture ricettive della Calabria');
  await page.fill('#descrizione', 'Alberghi, agriturismi e B&B della Calabria');
  await page.selectOption('#tema', { label: 'Economia e finanze' });
  await page.selectOption('#frequenza', { label: 'annuale' });
  await page.fill('#contatto', 'Dipartimento Turismo');
  await page.fill('#email', 'turismo@example.org');
  await Promise.all([page.waitForURL('**/pubblica/anteprima'), page.click('button:has-text("Salva e vai")')]);
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM, args: ['--no-sandbox'] });
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  await page.goto(U + '/pubblica');
  await page.fill('#utente', 'steward-turismo');
  await page.fill('#password', process.env.STEWARD_PASSWORD);
  await Promise.all([page.waitForURL(U + '/pubblica'), page.click('button:has-text("Accedi")')]);
  check('the demo steward is logged in', (await page.content()).includes('Accesso come'));

  await prepare(page, path.join(FILES, 'bad', 'strutture-ricettive.csv'));
  await page.screenshot({ path: path.join(shots, 'anteprima-errori.png'), fullPage: true });
  const problems = await page.locator('#problemi').textContent();
  check('preview: "tre" in Italian', /riga 2, colonna "stelle": "tre" non è un numero intero/.test(problems), problems.slice(0, 400));
  check('preview: "Cosensa" in Italian with the name',
    /riga 3, colonna "comune": "Cosensa" non è nella tabella dei comuni — forse "Cosenza"\?/.test(problems), problems.slice(0, 400));
  check('preview: no internal code, no English', !/078045|not found|did you mean|is not a valid/.test(problems), problems.slice(0, 400));
  const esito = await page.locator('#esito').textContent();
  check('preview: refused, the reason in Italian', esito.includes('non può essere pubblicato') && esito.includes('Motivo: riga 2, colonna "stelle"'), esito);
  check('preview: no publish button', (await page.locator('#pubblica').count()) === 0);
  const v = await axeViolations(page);
  check('axe preview with errors: 0 violations', v.length === 0, v.join('; '));
  const desc = await page.locator('meta[name="description"]').getAttribute('content');
  check('the preview describes itself', desc && desc.length <= 160 && desc.includes('Anteprima'), desc);

  await prepare(page, path.join(FILES, 'good', 'strutture-ricettive.csv'));
  check('preview of the corrected file: ready', (await page.locator('#pubblica').count()) === 1);
  await Promise.all([page.waitForURL('**/pubblica/pubblica'), page.click('#pubblica')]);
  check('published', (await page.locator('#link-dataset').count()) === 1);
  await Promise.all([page.waitForURL('**/set/strutture-ricettive'), page.click('#link-dataset')]);
  check('the dataset page names the office', (await page.locator('#ufficio').textContent()) === 'Dipartimento Turismo');
  const dd = await page.locator('meta[name="description"]').getAttribute('content');
  check('the dataset page is described by its description', dd === 'Alberghi, agriturismi e B&B della Calabria', dd);
} finally {
  await browser.close();
}
finish('steward');
