/**
 * The finishing steps of a transcode: per rendition a torrent (over its init + segments,
 * the bytes of its MP4) and ffprobe's metadata, then the thumbnail and preview.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RenditionReport } from '../worker/jobs/companion-protocol';
import { createRenditionTorrent, generateImages, probeRenditionMetadata, type MediaFacts } from './media';
import type { TranscodeJob } from './transcode-job';
import type { StoredLadder } from './transcode-ladder';
import { contentType } from './transcode-storage';

/** Stores each rendition's torrent, and describes each rendition for the `done` report. */
export async function storeRenditions(job: TranscodeJob, { ladder, outDir }: StoredLadder): Promise<RenditionReport[]> {
  const { req, hlsPrefix } = job;
  const signal = job.progress.jobSignal;
  const renditions: RenditionReport[] = [];
  for (const r of ladder.renditions) {
    const name = `${req.videoUuid}-${r.resolution}.mp4`;
    const parts = [r.initFile, ...r.segments.map((s) => s.file)].map((f) => join(outDir, f));
    const torrent = await createRenditionTorrent({
      parts,
      name,
      fileUrl: `${req.torrent.webSeedBase}-${r.resolution}.mp4`,
      trackers: req.torrent.announce,
    });
    const torrentKey = `${req.output.prefix}/torrents/${req.videoUuid}-${r.resolution}.torrent`;
    await job.storage.put(torrentKey, torrent.torrent, contentType('.torrent'), signal);
    renditions.push({
      resolution: r.resolution,
      width: r.width,
      height: r.height,
      fps: r.fps,
      bitrate: r.bitrate,
      playlistKey: `${hlsPrefix}/${r.playlistFile}`,
      segments: [
        { key: `${hlsPrefix}/${r.initFile}`, size: r.initSize, duration: 0 },
        ...r.segments.map((s) => ({ key: `${hlsPrefix}/${s.file}`, size: s.size, duration: s.durationSeconds })),
      ],
      size: r.totalSize,
      infoHash: torrent.infoHash,
      torrentKey,
      metadata: await probeRenditionMetadata({ bins: job.bins, parts, publicName: name, listDir: job.workDir, signal, log: job.log }),
    });
  }
  return renditions;
}

/** Cuts and stores the thumbnail and preview the request asks for, from the local copy of the original. */
export async function storeImages(job: TranscodeJob, source: string, probe: MediaFacts): Promise<{ thumbnailKey?: string; previewKey?: string }> {
  const { req } = job;
  const signal = job.progress.jobSignal;
  if (!req.generate.thumbnail && !req.generate.preview) return {};
  const thumbnailPath = join(job.workDir, 'thumbnail.jpg');
  const previewPath = join(job.workDir, 'preview.jpg');
  await generateImages({ bins: job.bins, input: source, durationSeconds: probe.durationSeconds, thumbnailPath, previewPath, signal });
  const keys: { thumbnailKey?: string; previewKey?: string } = {};
  if (req.generate.thumbnail) {
    keys.thumbnailKey = `${req.output.prefix}/thumbnail.jpg`;
    await job.storage.put(keys.thumbnailKey, await readFile(thumbnailPath), contentType('.jpg'), signal);
  }
  if (req.generate.preview) {
    keys.previewKey = `${req.output.prefix}/preview.jpg`;
    await job.storage.put(keys.previewKey, await readFile(previewPath), contentType('.jpg'), signal);
  }
  return keys;
}
