/**
 * Node's `process`, as far as the player's P2P libraries (p2p-media-loader, bittorrent-tracker's
 * streams, debug) read it in a browser. scripts/build-web.ts points their `process` at this object
 * (a define, so the page's own `process` stays undefined); p2p.ts imports this module first, so it
 * exists before any of them runs.
 */
declare global {
  var edgetubeNodeProcess: { browser: true; env: Record<string, string | undefined>; nextTick: (fn: (...args: unknown[]) => void, ...args: unknown[]) => void };
}

globalThis.edgetubeNodeProcess ??= {
  browser: true,
  env: {},
  nextTick: (fn, ...args) => queueMicrotask(() => fn(...args)),
};

export {};
