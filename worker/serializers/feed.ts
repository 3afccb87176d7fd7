/**
 * Video feeds in RSS 2.0 and JSON Feed 1, the formats PeerTube serves at /feeds/*.{xml,json}
 * (server/core/controllers/feeds/shared/common-feed-utils.ts builds them with @peertube/feed).
 * Items carry what feed readers use: title, link, guid, date, description, the thumbnail and
 * the channel as author.
 */
import type { Config } from '../config';
import type { VideoRow } from '../services/video-queries';
import { mediaUrls } from '../media/urls';

export type FeedFormat = 'rss' | 'json';
export type FeedMeta = { title: string; description: string; link: string; feedUrl: string };

const xmlEscape = (s: string) => s.replace(/[<>&'"]/g, (ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[ch]!);

function item(row: VideoRow, config: Config) {
  const v = row.video;
  return {
    title: v.name,
    link: `${config.publicUrl}/w/${v.uuid}`,
    guid: v.url,
    date: v.publishedAt,
    description: v.description ?? '',
    thumbnail: `${config.publicUrl}${mediaUrls(config, v.uuid).thumbnailPath}`,
    author: { name: row.channel.displayName, url: row.channelActor.url },
  };
}

export function renderRss(meta: FeedMeta, rows: VideoRow[], config: Config): string {
  const items = rows
    .map((r) => item(r, config))
    .map((i) =>
      [
        '<item>',
        `<title>${xmlEscape(i.title)}</title>`,
        `<link>${xmlEscape(i.link)}</link>`,
        `<guid isPermaLink="false">${xmlEscape(i.guid)}</guid>`,
        `<pubDate>${i.date.toUTCString()}</pubDate>`,
        `<description>${xmlEscape(i.description)}</description>`,
        `<dc:creator>${xmlEscape(i.author.name)}</dc:creator>`,
        `<media:thumbnail url="${xmlEscape(i.thumbnail)}"/>`,
        '</item>',
      ].join(''),
    )
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>${xmlEscape(meta.title)}</title>
<link>${xmlEscape(meta.link)}</link>
<description>${xmlEscape(meta.description)}</description>
<atom:link href="${xmlEscape(meta.feedUrl)}" rel="self" type="application/rss+xml"/>
<generator>edgetube</generator>
${items}
</channel>
</rss>
`;
}

export function renderJsonFeed(meta: FeedMeta, rows: VideoRow[], config: Config) {
  return {
    version: 'https://jsonfeed.org/version/1',
    title: meta.title,
    home_page_url: meta.link,
    feed_url: meta.feedUrl,
    description: meta.description,
    items: rows
      .map((r) => item(r, config))
      .map((i) => ({
        id: i.guid,
        url: i.link,
        title: i.title,
        content_html: i.description,
        image: i.thumbnail,
        date_published: i.date.toISOString(),
        author: { name: i.author.name, url: i.author.url },
      })),
  };
}
