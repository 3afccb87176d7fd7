/**
 * Viewer-to-viewer HLS (ADR 0021), with PeerTube 6.3's own p2p-media-loader fork and hls.js 1.5
 * (the versions PeerTube pins), so that edgetube and PeerTube viewers of one video share a swarm.
 * Loaded on demand by the player (web/src/player.ts) when the page offers P2P; everything P2P is here.
 */
import './node-globals';
import { Engine, initHlsJsPlayer } from '@peertube/p2p-media-loader-hlsjs';
import { Events, type HybridLoaderSettings } from '@peertube/p2p-media-loader-core';
import type HlsType from 'hls.js';
import { createSegmentValidator, type SegmentLike } from './segment-validator';

/** What worker/pages/player-p2p.ts writes into the player's source. */
export type P2PSource = {
  /** The master playlist: also the swarm id, as PeerTube's player names it. */
  swarmId: string;
  segmentsSha256Url: string;
  /** WebSocket tracker URLs. */
  trackers: string[];
  /** ICE servers (STUN) for WebRTC. */
  iceServers: RTCIceServer[];
  /** The stats line, from the server's catalogue: `{peers}` and `{bytes}` are filled in. */
  label: string;
};

/** What the player counts; only segments whose hash matched count as from peers. */
export type P2PStats = { peers: number; p2pBytes: number; httpBytes: number; uploadedBytes: number; rejectedSegments: number };

declare global {
  interface Window {
    /** The page's P2P engine and counters (tests and the bench read them). */
    edgetubeP2P?: { stats: P2PStats; engine: Engine };
  }
}

// PeerTube's VOD settings (client hls-options-builder.ts): the next 3 segments come from the edge
// when no peer has them yet; up to 50 ahead are fetched from peers.
const VOD_LOADER_SETTINGS: Partial<HybridLoaderSettings> = {
  simultaneousHttpDownloads: 1,
  httpFailedSegmentTimeout: 1000,
  requiredSegmentsPriority: 3,
  skipSegmentBuilderPriority: 1,
  cachedSegmentExpiration: 86_400_000,
  cachedSegmentsCount: 100,
  httpDownloadMaxPriority: 9,
  httpDownloadProbability: 0.06,
  httpDownloadProbabilitySkipIfNoPeers: true,
  p2pDownloadMaxPriority: 50,
};

export function isP2PSupported() {
  return Engine.isSupported();
}

export function createP2P(source: P2PSource) {
  const stats: P2PStats = { peers: 0, p2pBytes: 0, httpBytes: 0, uploadedBytes: 0, rejectedSegments: 0 };
  const validate = createSegmentValidator(source.segmentsSha256Url);
  // Segments from peers are checked before use; a mismatch throws, and p2p-media-loader then drops
  // the segment, disconnects that peer, and loads the segment from the edge (its SegmentError path).
  const segmentValidator = async (segment: SegmentLike, method: 'http' | 'p2p') => {
    if (method === 'http') {
      stats.httpBytes += segment.data.byteLength;
      return;
    }
    try {
      await validate(segment);
    } catch (err) {
      stats.rejectedSegments++;
      throw err;
    }
    stats.p2pBytes += segment.data.byteLength;
  };
  const engine = new Engine({
    loader: {
      ...VOD_LOADER_SETTINGS,
      trackerAnnounce: source.trackers,
      rtcConfig: { iceServers: source.iceServers },
      segmentValidator: segmentValidator as HybridLoaderSettings['segmentValidator'],
      useP2P: true,
      consumeOnly: false,
    },
    segments: { swarmId: source.swarmId, forwardSegmentCount: VOD_LOADER_SETTINGS.p2pDownloadMaxPriority },
  });
  // Engine is a Node-style EventEmitter (the `events` package), whose types the web build leaves out.
  const events = engine as unknown as { on(event: string, listener: (...args: never[]) => void): void };
  events.on(Events.PeerConnect, () => stats.peers++);
  events.on(Events.PeerClose, () => (stats.peers = Math.max(0, stats.peers - 1)));
  events.on(Events.PieceBytesUploaded, (_method: string, _segment: unknown, bytes: number) => (stats.uploadedBytes += bytes));
  window.edgetubeP2P = { stats, engine };

  return {
    stats,
    /** hls.js config: p2p-media-loader's loader for playlists and segments. */
    hlsConfig: { loader: engine.createLoaderClass() } as Partial<HlsType['config']>,
    /** Ties the engine to hls.js and the <video> (playing segment, seeks), as PeerTube's video.js plugin does. */
    bind(hls: HlsType, video: HTMLVideoElement) {
      // initHlsJsPlayer expects a video.js player: `on`/`off` for 'seeking', and `media` for the element.
      const player = {
        on: (event: string, listener: () => void) => video.addEventListener(event, listener),
        off: (event: string, listener: () => void) => video.removeEventListener(event, listener),
        media: video,
      };
      initHlsJsPlayer(player, hls);
      showStats(video, stats, source.label);
    },
  };
}

/** A discreet line over the player's corner: peers, and bytes that came from them. */
function showStats(video: HTMLVideoElement, stats: P2PStats, label: string) {
  const line = document.createElement('p');
  line.className = 'p2p-stats';
  line.id = 'p2p-stats';
  video.insertAdjacentElement('afterend', line);
  const render = () => (line.textContent = label.replace('{peers}', String(stats.peers)).replace('{bytes}', formatBytes(stats.p2pBytes)));
  render();
  window.setInterval(render, 1000);
}

function formatBytes(n: number) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
