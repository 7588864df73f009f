import axe from 'axe-core';
import type { AxeResults, Result } from 'axe-core';
import type { Page } from 'playwright-core';

// Runs axe-core inside the page and returns its violations.
export async function axeViolations(page: Page): Promise<Result[]> {
  await page.addScriptTag({ content: axe.source });
  const results = await page.evaluate<AxeResults>('axe.run()');
  return results.violations;
}

export const isBlocking = (violation: Result): boolean => violation.impact === 'serious' || violation.impact === 'critical';

// One readable block per violation: rule, impact, what it means, and each offending element.
export function describeViolations(violations: Result[]): string {
  return violations
    .map((v) => {
      const nodes = v.nodes.map((n) => `    - ${n.target.join(' ')}\n      ${n.html}\n      ${(n.failureSummary ?? '').replace(/\n/g, '\n      ')}`).join('\n');
      return `  [${v.impact ?? 'unknown'}] ${v.id}: ${v.help} (${v.helpUrl})\n${nodes}`;
    })
    .join('\n');
}

// Fails with the readable list when the page has a serious or critical violation.
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const blocking = (await axeViolations(page)).filter(isBlocking);
  if (blocking.length > 0) throw new Error(`${what}: ${blocking.length} serious or critical accessibility violations\n${describeViolations(blocking)}`);
}
