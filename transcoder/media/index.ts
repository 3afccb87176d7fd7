/** The companion's media toolkit: probe, ladder rules, one-pass HLS ladder, hashes, torrents, images. */
export * from './ffmpeg';
export * from './probe';
export * from './ladder';
export * from './hls-ladder-args';
export * from './hls-ladder';
export * from './segment-watcher';
export * from './master-playlist';
export * from './segments-sha256';
export * from './torrent';
export * from './images';
export * from './segment-groups';
export * from './file-metadata';
