/**
 * Feeds in RSS 2.0 (with Media RSS), Atom 1.0 and JSON Feed 1, built with @peertube/feed, the
 * library PeerTube's own feeds use, and filled as PeerTube 6.3 fills them
 * (server/core/controllers/feeds/shared/common-feed-utils.ts, video-feeds.ts, comment-feeds.ts).
 */
import { Feed } from '@peertube/feed';
import type { Config } from '../config';
import type { VideoDetailsJson } from './video';
import { uuidToShort } from '../services/short-uuid';
import { markdownToPlainText, markdownToSafeHtml } from '../pages/markdown';

export type FeedFormat = 'rss' | 'atom' | 'json';

/** PeerTube's feed formats (isValidRSSFeed); `xml` is RSS unless `?format=atom` says otherwise. */
const FORMATS: Record<string, FeedFormat> = { rss: 'rss', rss2: 'rss', atom: 'atom', atom1: 'atom', json: 'json', json1: 'json' };

export function feedFormat(ext: string, queryFormat: string | undefined): FeedFormat | undefined {
  if (ext === 'xml') return (queryFormat && FORMATS[queryFormat]) || 'rss';
  return FORMATS[ext];
}

/** The content types a format may be served as, PeerTube's first choice first (setFeedFormatContentType). */
export const FEED_CONTENT_TYPES: Record<FeedFormat | 'xml', string[]> = {
  rss: ['application/rss+xml', 'application/xml', 'text/xml'],
  atom: ['application/atom+xml', 'application/xml', 'text/xml'],
  json: ['application/json'],
  xml: ['application/xml', 'text/xml'],
};

export type FeedMeta = {
  name: string;
  description: string;
  link?: string;
  imageUrl?: string;
  resourceType: 'videos' | 'video-comments';
  /** The request's query string, `?…` or empty: the feed's own links keep it. */
  queryString: string;
  author?: { name: string; link: string; imageUrl?: string };
  /** The newest item's date: feeds stay byte-identical between changes (PeerTube uses "now"). */
  updated?: Date;
};

export function initFeed(config: Config, meta: FeedMeta) {
  const base = config.publicUrl;
  return new Feed({
    title: meta.name,
    description: markdownToPlainText(meta.description),
    id: meta.link || base,
    link: meta.link || base,
    image: meta.imageUrl,
    copyright:
      `All rights reserved, unless otherwise specified in the terms specified at ${base}/about` +
      ` and potential licenses granted by each content's rightholder.`,
    generator: `PeerTube - ${base}`,
    medium: 'video',
    updated: meta.updated,
    feedLinks: {
      json: `${base}/feeds/${meta.resourceType}.json${meta.queryString}`,
      atom: `${base}/feeds/${meta.resourceType}.atom${meta.queryString}`,
      rss: `${base}/feeds/${meta.resourceType}.xml${meta.queryString}`,
    },
    ...(meta.author ? { author: meta.author } : {}),
  });
}

export function renderFeed(feed: Feed, format: FeedFormat): string {
  return format === 'atom' ? feed.atom1() : format === 'json' ? feed.json1() : feed.rss2();
}

const mimeOf = (url: string) => (/\.webm(\?|$)/.test(url) ? 'video/webm' : /\.m3u8(\?|$)/.test(url) ? 'application/x-mpegURL' : 'video/mp4');

/** PeerTube's addVideosToFeed: one item per video, its files as enclosure and Media RSS. */
export function addVideosToFeed(feed: Feed, config: Config, videos: VideoDetailsJson[]) {
  for (const v of videos) {
    const link = `${config.publicUrl}/w/${uuidToShort(v.uuid)}`;
    const files = v.files.map((f) => ({
      type: mimeOf(f.fileUrl),
      medium: 'video',
      height: f.resolution.id,
      fileSize: f.size,
      url: f.fileUrl,
      framerate: f.fps,
      duration: v.duration,
      lang: v.language.id ?? undefined,
    }));
    feed.addItem({
      title: v.name,
      link,
      description: markdownToPlainText(v.truncatedDescription),
      content: markdownToSafeHtml(v.description),
      date: new Date(v.publishedAt),
      nsfw: v.nsfw,
      category: v.category.id !== null ? [{ name: v.category.label }] : undefined,
      thumbnails: [
        ...(v.previewPath ? [{ url: `${config.publicUrl}${v.previewPath}`, width: 850, height: 480 }] : []),
        ...(v.thumbnailPath ? [{ url: `${config.publicUrl}${v.thumbnailPath}`, width: 280, height: 157 }] : []),
      ],
      id: link,
      author: [{ name: v.channel.displayName, link: `${config.publicUrl}/c/${v.channel.name}${v.channel.isLocal ? '' : `@${v.channel.host}`}` }],
      torrents: v.files.map((f) => ({ title: v.name, url: f.torrentUrl, size_in_bytes: f.size })),
      video: files.length ? { url: files[0].url, length: files[0].fileSize, type: files[0].type } : undefined,
      videos: files,
      embed: { url: `${config.publicUrl}${v.embedPath}`, allowFullscreen: true },
      player: { url: link },
      community: { statistics: { views: v.views } },
    });
  }
}

export type FeedComment = {
  id: number;
  threadId: number;
  text: string;
  createdAt: Date;
  videoName: string;
  videoUuid: string;
  author: { displayName: string; url: string } | null;
};

/** PeerTube's generateVideoCommentsFeed items: "<video> - <author>", linking to the thread. */
export function addCommentsToFeed(feed: Feed, config: Config, comments: FeedComment[]) {
  for (const c of comments) {
    const link = `${config.publicUrl}/w/${uuidToShort(c.videoUuid)};threadId=${c.threadId}`;
    feed.addItem({
      title: c.author ? `${c.videoName} - ${c.author.displayName}` : c.videoName,
      id: link,
      link,
      content: markdownToSafeHtml(c.text),
      author: c.author ? [{ name: c.author.displayName, link: c.author.url }] : [],
      date: c.createdAt,
    });
  }
}
