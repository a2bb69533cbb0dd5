/**
 * Applies a change to the thread so that what the reader is looking at stays
 * put: the first comment still (partly) on screen is measured before and after,
 * and the page scrolls by the difference. Where the browser's own scroll
 * anchoring already compensated, the difference is zero.
 */
export async function keepScroll(root: ParentNode, change: () => Promise<unknown>): Promise<void> {
  const candidates = [...root.querySelectorAll<HTMLElement>('article, .end')];
  const anchor = candidates.find((el) => el.getBoundingClientRect().bottom > 0);
  const top = anchor?.getBoundingClientRect().top;
  await change();
  if (anchor?.isConnected && top !== undefined) {
    const moved = anchor.getBoundingClientRect().top - top;
    if (moved) window.scrollBy(0, moved);
  }
}
