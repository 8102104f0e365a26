import type { Locator, Page } from 'playwright-core';

/** The item under review, as a screen reader finds it: an article named "Mục <id>: phiếu <serial>, <question>". */
export const reviewItem = (page: Page): Locator => page.getByRole('article');

/**
 * The review screen once it knows there is nothing more to show here: a region named by its title (all done, this
 * queue done, nothing matching the filters, the rest held by others) — not "Đang lấy mục tiếp theo…".
 */
export const reviewDone = (page: Page): Locator => page.getByRole('region', { name: /^(Đã hết mục|Không còn mục nào|Không có mục nào khớp|Các mục còn lại)/ });

/** The number of the item an article is named for. */
export const itemNumber = (name: string): number => Number(/^Mục (\d+):/.exec(name)?.[1]);

/**
 * What the review screen shows next, once the item named `previous` (if any) has gone: another item, by its
 * accessible name, or the region saying nothing more is to be shown here.
 */
export async function nextOnReviewScreen(page: Page, previous?: string): Promise<{ item: string; done?: undefined } | { item?: undefined; done: Locator }> {
  if (previous) await page.getByRole('article', { name: previous, exact: true }).waitFor({ state: 'detached' });
  const item = reviewItem(page);
  const done = reviewDone(page);
  await item.or(done).waitFor();
  if (await item.count()) return { item: (await item.getAttribute('aria-label'))! };
  return { done };
}

/** The item's answer box, when it has one: what a person types into (digits, a date or words). */
export const answerBox = (page: Page): Locator => reviewItem(page).getByRole('textbox');
