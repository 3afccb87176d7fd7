/**
 * NodeInfo 2.0 (https://nodeinfo.diaspora.software/protocol), in PeerTube's
 * shape (fixtures/peertube-6.3/well-known-nodeinfo.json, nodeinfo-2.0.json).
 */
import { and, count, eq, gte, isNotNull, isNull } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { Config } from '../config';
import { accounts, comments, users, videos, VIDEO_PRIVACY } from '../db/schema';
import { AUDIO_FILE_EXTENSIONS, IMAGE_EXTENSIONS, SERVER_VERSION, VIDEO_FILE_EXTENSIONS } from '../services/server-config';
import { enabledResolutions, getCustomConfig } from '../services/instance-settings';

export const NODEINFO_20_SCHEMA = 'http://nodeinfo.diaspora.software/ns/schema/2.0';
export const NODEINFO_20_CONTENT_TYPE = `application/json; profile="${NODEINFO_20_SCHEMA}#"; charset=utf-8`;

const DAY_MS = 24 * 3600 * 1000;

/**
 * The `/.well-known/nodeinfo` links. The second one is not in the NodeInfo spec:
 * PeerTube follows an instance by host through it (peertube-compat.md, "Finding the instance actor").
 */
export function nodeinfoLinks(config: Config) {
  return {
    links: [
      { rel: NODEINFO_20_SCHEMA, href: `${config.publicUrl}/nodeinfo/2.0.json` },
      { rel: 'https://www.w3.org/ns/activitystreams#Application', href: `${config.publicUrl}/accounts/peertube` },
    ],
  };
}

export type UsageCounts = {
  users: { total: number; activeMonth: number; activeHalfyear: number };
  localPosts: number;
  localComments: number;
};

/** Usage as PeerTube reports it: active users by last login, posts are local public videos, comments by local accounts. */
export async function usageCounts(db: Db, now = new Date()): Promise<UsageCounts> {
  const monthAgo = new Date(now.getTime() - 30 * DAY_MS);
  const halfYearAgo = new Date(now.getTime() - 180 * DAY_MS);
  // One pipeline for the five counts.
  const [[total], [month], [halfYear], [posts], [localComments]] = await db.batch([
    db.select({ n: count() }).from(users),
    db.select({ n: count() }).from(users).where(gte(users.lastLoginDate, monthAgo)),
    db.select({ n: count() }).from(users).where(gte(users.lastLoginDate, halfYearAgo)),
    db
      .select({ n: count() })
      .from(videos)
      .where(and(eq(videos.isLocal, true), eq(videos.privacy, VIDEO_PRIVACY.PUBLIC))),
    db
      .select({ n: count() })
      .from(comments)
      .innerJoin(accounts, eq(accounts.id, comments.accountId))
      .where(and(isNotNull(accounts.userId), isNull(comments.deletedAt), eq(comments.heldForReview, false))),
  ]);
  return {
    users: { total: total.n, activeMonth: month.n, activeHalfyear: halfYear.n },
    localPosts: posts.n,
    localComments: localComments.n,
  };
}

/** The NodeInfo 2.0 document. `software.name` is `peertube`, as the REST API already reports PeerTube's version (see ADR 0007). */
export async function nodeinfo20(db: Db, config: Config) {
  const [usage, custom] = await Promise.all([usageCounts(db), getCustomConfig(db, config)]);
  const openRegistrations = custom.signup.enabled && (custom.signup.limit === -1 || usage.users.total < custom.signup.limit);
  return {
    version: '2.0',
    software: { name: 'peertube', version: SERVER_VERSION },
    protocols: ['activitypub'],
    services: { inbound: [], outbound: ['atom1.0', 'rss2.0'] },
    openRegistrations,
    usage,
    metadata: {
      taxonomy: { postsName: 'Videos' },
      nodeName: custom.instance.name,
      nodeDescription: custom.instance.shortDescription,
      nodeConfig: {
        search: { remoteUri: { users: true, anonymous: false } },
        plugin: { registered: [] },
        theme: { registered: [], default: 'default' },
        email: { enabled: false },
        contactForm: { enabled: false },
        transcoding: {
          hls: { enabled: custom.transcoding.hls.enabled },
          web_videos: { enabled: custom.transcoding.webVideos.enabled },
          enabledResolutions: enabledResolutions(custom),
        },
        live: { enabled: false, transcoding: { enabled: false, enabledResolutions: [] } },
        import: { videos: { http: { enabled: false }, torrent: { enabled: false } } },
        autoBlacklist: { videos: { ofUsers: { enabled: false } } },
        avatar: { file: { size: { max: 4 * 1024 * 1024 }, extensions: IMAGE_EXTENSIONS } },
        video: {
          image: { extensions: ['.png', '.jpg', '.jpeg', '.webp'], size: { max: 4 * 1024 * 1024 } },
          file: { extensions: [...VIDEO_FILE_EXTENSIONS, ...AUDIO_FILE_EXTENSIONS] },
        },
        videoCaption: { file: { size: { max: 20 * 1024 * 1024 }, extensions: ['.vtt', '.srt'] } },
        user: { videoQuota: custom.user.videoQuota, videoQuotaDaily: custom.user.videoQuotaDaily },
        trending: { videos: { intervalDays: 7 } },
        tracker: { enabled: true },
      },
    },
  };
}
