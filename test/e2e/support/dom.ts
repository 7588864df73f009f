import type { Page } from 'playwright-core';

// Questions asked inside the page. They are written as expressions so that the project's TypeScript,
// which has no DOM types, never sees browser globals.

export interface FocusedElement {
  tag: string;
  id: string;
  text: string;
  outline: string;
}

export function focusedElement(page: Page): Promise<FocusedElement> {
  return page.evaluate<FocusedElement>(`(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { tag: 'body', id: '', text: '', outline: '' };
    const style = getComputedStyle(el);
    return { tag: el.tagName.toLowerCase(), id: el.id, text: (el.textContent || '').trim(), outline: style.outlineStyle + ' ' + style.outlineWidth };
  })()`);
}

export interface PageWidth {
  scrollWidth: number;
  innerWidth: number;
}

export function pageWidth(page: Page): Promise<PageWidth> {
  return page.evaluate<PageWidth>('({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth })');
}
