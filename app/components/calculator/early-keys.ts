// Keys typed on the calculator before its JavaScript has loaded are kept and replayed once it
// has: a tiny inline script (CSP nonce) queues them until the page's own handler takes over.
// Typing in a field or on a link or button is left to the browser, as it works without JavaScript.

declare global {
  interface Window {
    __calcEarlyKeys?: string[];
    __calcReady?: boolean;
  }
}

export const EARLY_KEYS_SCRIPT = `(function(){var q=window.__calcEarlyKeys=[];function h(e){if(window.__calcReady){removeEventListener("keydown",h);return}var t=e.target;if(e.ctrlKey||e.metaKey||e.altKey||(t&&t.closest&&t.closest("input,textarea,select,a,button,summary,[contenteditable]")))return;var k=e.key;if(k.length===1||k==="Enter"||k==="Backspace"||k==="Escape"||k==="Delete"){q.push(k);e.preventDefault()}}addEventListener("keydown",h)})();`;

/** The keys queued before hydration, once; later keys go to the calculator's own handler. */
export function takeEarlyKeys(): string[] {
  window.__calcReady = true;
  const keys = window.__calcEarlyKeys ?? [];
  window.__calcEarlyKeys = [];
  return keys;
}
