import { Engine, initHlsJsPlayer } from '@peertube/p2p-media-loader-hlsjs';
import { Events } from '@peertube/p2p-media-loader-core';
import { createSegmentValidator } from './segment-validator';

/**
 * Viewer-to-viewer HLS for the player (ADR 0017), with PeerTube 6.3's own p2p-media-loader fork
 * so that edgetube and PeerTube viewers of one video share one swarm. The player calls
 * `window.edgetubeP2P.attach(Hls, options)` before it creates hls.js; everything P2P stays here.
 */
export type P2POptions = {
  /** The master playlist: also the swarm id, as PeerTube's player names it. */
  playlistUrl: string;
  segmentsSha256Url: string;
  /** WebSocket tracker URLs (`trackerUrls` filtered to ws/wss). */
  trackers: string[];
};

export type P2PStats = { peers: number; p2pBytes: number; httpBytes: number; rejectedSegments: number };

type HlsLike = { on(event: string, cb: (...args: unknown[]) => void): void };

export function attach(options: P2POptions) {
  const stats: P2PStats = { peers: 0, p2pBytes: 0, httpBytes: 0, rejectedSegments: 0 };
  const validate = createSegmentValidator(options.segmentsSha256Url);
  const engine = new Engine({
    loader: {
      trackerAnnounce: options.trackers,
      // No STUN server: peers reach each other through host candidates, or not at all (the edge remains).
      rtcConfig: { iceServers: [] },
      simultaneousHttpDownloads: 1,
      httpFailedSegmentTimeout: 1000,
      // Only bytes that passed the check are counted as shared; a bad segment is dropped, its peer
      // disconnected, and the loader fetches the segment over HTTP (p2p-media-loader-core's SegmentError path).
      segmentValidator: async (segment: { url: string; range?: string; data: ArrayBuffer }, method: 'http' | 'p2p') => {
        if (method === 'http') { stats.httpBytes += segment.data.byteLength; return; }
        try { await validate(segment); } catch (err) { stats.rejectedSegments++; throw err; }
        stats.p2pBytes += segment.data.byteLength;
      },
      useP2P: true,
      consumeOnly: false,
      // PeerTube's VOD settings (client hls-options-builder.ts): prefer peers, fetch from the edge when needed.
      requiredSegmentsPriority: 3,
      skipSegmentBuilderPriority: 1,
      cachedSegmentExpiration: 86_400_000,
      cachedSegmentsCount: 100,
      httpDownloadMaxPriority: 9,
      httpDownloadProbability: 0.06,
      httpDownloadProbabilitySkipIfNoPeers: true,
      p2pDownloadMaxPriority: 50,
    },
    segments: { swarmId: options.playlistUrl, forwardSegmentCount: 50 },
  } as ConstructorParameters<typeof Engine>[0]);
  engine.on(Events.PeerConnect, () => { stats.peers++; });
  engine.on(Events.PeerClose, () => { stats.peers = Math.max(0, stats.peers - 1); });

  return {
    stats,
    /** A discreet line under the player: peers, and bytes that came from them. */
    showStats(after: Element) {
      const line = document.createElement('p');
      line.className = 'p2p-stats';
      line.id = 'p2p-stats';
      after.insertAdjacentElement('afterend', line);
      const render = () => { line.textContent = `P2P · ${stats.peers} ${stats.peers === 1 ? 'peer' : 'peers'} · ${formatBytes(stats.p2pBytes)} from peers`; };
      render();
      return window.setInterval(render, 1000);
    },
    /** hls.js config entries: p2p-media-loader's loader for playlists and fragments. */
    hlsConfig: { loader: fragmentAwareLoader(engine.createLoaderClass() as LoaderClass) },
    /** Hooks the loader to hls.js and the <video> (playing segment, seeks), as PeerTube's video.js plugin does. */
    bind(hls: HlsLike, video: HTMLVideoElement) {
      // initHlsJsPlayer expects a video.js player: `on`/`off` for 'seeking', and `media` for the element.
      const player = { on: (e: string, f: () => void) => video.addEventListener(e, f), off: (e: string, f: () => void) => video.removeEventListener(e, f), media: video };
      initHlsJsPlayer(player, hls);
    },
    destroy: () => engine.destroy(),
  };
}

type LoaderContext = { type?: string; frag?: unknown };
type LoaderClass = new () => { load: (context: LoaderContext, config: unknown, callbacks: unknown) => Promise<void> };

/**
 * The fork was built for hls.js 1.5 and takes any context with a `type` for a playlist; hls.js
 * 1.7 also sets `type` on fragment contexts, so every segment went around the P2P engine. The
 * fork picks its branch synchronously at the start of `load`, so `type` is hidden for that call
 * only and put back at once for hls.js.
 */
function fragmentAwareLoader(Base: LoaderClass): LoaderClass {
  return class extends Base {
    constructor() {
      super();
      const load = this.load;
      this.load = (context, config, callbacks) => {
        if (!context.frag || context.type === undefined) return load(context, config, callbacks);
        const type = context.type;
        context.type = undefined;
        try { return load(context, config, callbacks); } finally { context.type = type; }
      };
    }
  };
}

function formatBytes(n: number) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

declare global {
  interface Window { edgetubeP2P?: { attach: typeof attach } }
}
window.edgetubeP2P = { attach };
