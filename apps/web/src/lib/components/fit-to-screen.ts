/**
 * The smallest zoom a projector screen may take: what the room reads is 44 px or more at 1080p and
 * must stay at least 40 px. The chair's declaration is cut to a few lines instead (ResultView).
 */
const MIN_ZOOM = 0.9;
const STEP = 0.05;

/**
 * A projector shows one screen and nobody scrolls it: when the content (a long title, a long
 * declaration) is taller than the window, the element is zoomed down in small steps until the page
 * fits, never below MIN_ZOOM. Re-measured whenever the content or the window changes. Narrow
 * windows (one column, e.g. a phone) scroll as usual.
 */
export function fitToScreen(node: HTMLElement): () => void {
  const wide = window.matchMedia('(min-width: 60rem)');
  const root = document.documentElement;
  const fit = () => {
    node.style.zoom = '';
    if (!wide.matches) return;
    let zoom = 1;
    while (root.scrollHeight > window.innerHeight && zoom - STEP >= MIN_ZOOM - 1e-9) {
      zoom = Math.round((zoom - STEP) * 100) / 100;
      node.style.zoom = String(zoom);
    }
  };
  const observer = new MutationObserver(fit);
  observer.observe(node, { childList: true, subtree: true, characterData: true });
  window.addEventListener('resize', fit);
  fit();
  return () => {
    observer.disconnect();
    window.removeEventListener('resize', fit);
  };
}
