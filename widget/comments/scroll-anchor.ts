/**
 * Applies a change to the thread so that what the reader is looking at stays
 * put: `prefer` (a comment the reader was sent to) when it is on screen, else the
 * first comment still (partly) on screen, is measured before and after, and the
 * page scrolls by the difference. Where the browser's own scroll anchoring
 * already compensated, the difference is zero.
 */
export async function keepScroll(root: ParentNode, change: () => Promise<unknown>, prefer?: HTMLElement | null): Promise<void> {
  const candidates = [...root.querySelectorAll<HTMLElement>('article, .end')];
  const onScreen = prefer && prefer.getBoundingClientRect().bottom > 0 && prefer.getBoundingClientRect().top < innerHeight;
  const anchor = onScreen ? prefer : candidates.find((el) => el.getBoundingClientRect().bottom > 0);
  const top = anchor?.getBoundingClientRect().top;
  await change();
  if (anchor?.isConnected && top !== undefined) {
    const moved = anchor.getBoundingClientRect().top - top;
    if (moved) window.scrollBy(0, moved);
  }
}
