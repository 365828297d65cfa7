import axe from 'axe-core';
import type { Page } from 'playwright-core';

/** What the pages are held to: WCAG 2.1 A and AA, and axe's best practices (headings, landmarks). */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
/** Failing whatever axe rates their impact: every page has a level-one heading and one main landmark. */
const ALWAYS = new Set(['page-has-heading-one', 'landmark-one-main']);

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[] }>;
}

/**
 * The serious and critical accessibility violations on the page as it is
 * now (and any missing heading or main landmark), one line each: rule,
 * impact, what it asks, where. axe is evaluated through the DevTools
 * protocol, so the pages' Content-Security-Policy does not stand in its way.
 */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  // Expressions as text: they run in the page, which this project's Node types know nothing of.
  if (!(await page.evaluate("'axe' in window"))) await page.evaluate(axe.source);
  // Judged at rest: a button that just became enabled fades to its colour, and on a busy machine axe could read the
  // contrast half way (a spinner's endless animation is not waited for).
  await page.evaluate(
    'Promise.all(document.getAnimations().filter((a) => a.effect?.getComputedTiming().endTime !== Infinity).map((a) => a.finished.catch(() => undefined)))',
  );
  const options = { runOnly: { type: 'tag', values: TAGS }, resultTypes: ['violations'] };
  const violations = (await page.evaluate(
    `axe.run(document, ${JSON.stringify(options)}).then((results) => results.violations)`,
  )) as Violation[];
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical' || ALWAYS.has(violation.id))
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes
          .slice(0, 3)
          .map((node) => node.target.join(' '))
          .join(', ')}`,
    );
}

/** Asserts the page has none of those problems; the message lists them. */
export async function expectAccessible(page: Page): Promise<void> {
  expect(await accessibilityProblems(page)).toEqual([]);
}
