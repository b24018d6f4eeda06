// common.mjs — what the browser scripts share (pages.mjs, pubarea.mjs,
// pubprog.mjs): playwright-core's chromium and axe-core from $PW_DIR, the
// pass/fail counters with check(), axe-core's WCAG 2.1 A/AA run on a page,
// and the end of a run (the counts printed, exit 1 on a failure).
import { createRequire } from 'module';
import { readFileSync } from 'fs';
import path from 'path';

const require = createRequire(path.join(process.env.PW_DIR, 'x.js'));
export const { chromium } = require('playwright-core');
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const counts = { passed: 0, failed: 0 };

// Counts a check; prints a line when it failed.
export function check(name, cond, detail) {
  if (cond) counts.passed++;
  else {
    counts.failed++;
    console.log(`FAIL: ${name}${detail !== undefined ? ': ' + detail : ''}`);
  }
}

// axe-core with the WCAG 2.1 A/AA rules on the page; returns the violations
// as lines (rule, impact, the first nodes).
export async function axeViolations(page) {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const r = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return r.violations.map((v) => `${v.id} (${v.impact}) ${v.nodes.slice(0, 3)
      .map((n) => n.target.join(' ')).join(', ')}`);
  });
}

// Prints "LABEL: N passed, M failed" and exits (1 when a check failed).
export function finish(label) {
  console.log(`${label}${label ? ': ' : ''}${counts.passed} passed, ${counts.failed} failed`);
  process.exit(counts.failed ? 1 : 0);
}
