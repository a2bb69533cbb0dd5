import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core's violations on the page as it is now, as "impact rule: targets" lines.
 * `ignore` names rules that concern the test's own host page rather than Majlis
 * (e.g. page-has-heading-one on a bare host page).
 */
export async function axeViolations(page: Page, ignore: readonly string[] = []): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  const found = await page.evaluate(async () => {
    type Result = { violations: Array<{ id: string; impact: string; nodes: Array<{ target: unknown }> }> };
    const axe = (window as unknown as { axe: { run(ctx: Document): Promise<Result> } }).axe;
    const { violations } = await axe.run(document);
    return violations.map((v) => ({ id: v.id, line: `${v.impact} ${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(' ')}` }));
  });
  return found.filter((v) => !ignore.includes(v.id)).map((v) => v.line);
}
