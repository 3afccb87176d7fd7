/**
 * GET /server/stats: PeerTube's ServerStats (server/core/lib/stat-manager.ts and the models'
 * getStats), computed in one statement of scalar subqueries, so one round trip to libSQL.
 * Where PeerTube counts in memory since its process started (the ActivityPub inbox counters),
 * the counts come from the inbox jobs still on record.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { PLAYLIST_PRIVACY, USER_ROLES, VIDEO_PRIVACY, VIDEO_STATE } from '../db/schema';
import { INSTANCE_ACTOR_NAME } from './accounts';

const DAY_MS = 24 * 3600 * 1000;

/** PeerTube's ActivityType counters, in its order (StatsManager.buildAPPerType). */
const AP_TYPES = [
  'Create',
  'Update',
  'Delete',
  'Follow',
  'Accept',
  'Reject',
  'Announce',
  'Undo',
  'Like',
  'Dislike',
  'Flag',
  'View',
  'ApproveReply',
  'RejectReply',
] as const;

type Row = Record<string, number | string | null>;
const int = (v: unknown) => Number(v ?? 0);

export async function getServerStats(db: Db, now = new Date()) {
  const t = now.getTime();
  const since = (days: number) => t - days * DAY_MS;
  const instanceActor = sql`(select id from actors where type = 'Application' and host is null and preferred_username = ${INSTANCE_ACTOR_NAME})`;
  const listable = sql`v.privacy = ${VIDEO_PRIVACY.PUBLIC} and v.state = ${VIDEO_STATE.PUBLISHED} and not exists (select 1 from video_blacklist b where b.video_id = v.id)`;
  const activeChannels = (days: number) =>
    sql`(select count(distinct c.id) from video_channels c join actors a on a.id = c.actor_id join videos v on v.channel_id = c.id
        where a.host is null and v.published_at > ${since(days)})`;
  const inboxJobs = (state: string) =>
    sql`(select json_group_object(k, n) from (select json_extract(payload, '$.activity.type') k, count(*) n from jobs
        where type = 'activitypub-inbox' and state = ${state} group by k having k is not null))`;
  const row = (await db.get(sql`select
      (select count(*) from users) totalUsers,
      (select count(*) from users where last_login_date > ${since(1)}) totalDailyActiveUsers,
      (select count(*) from users where last_login_date > ${since(7)}) totalWeeklyActiveUsers,
      (select count(*) from users where last_login_date > ${since(30)}) totalMonthlyActiveUsers,
      (select count(*) from users where role = ${USER_ROLES.MODERATOR}) totalModerators,
      (select count(*) from users where role = ${USER_ROLES.ADMINISTRATOR}) totalAdmins,
      (select count(*) from videos v where v.is_local = 1 and ${listable}) totalLocalVideos,
      (select coalesce(sum(views), 0) from videos where is_local = 1) totalLocalVideoViews,
      (select count(*) from comments m join accounts ac on ac.id = m.account_id join actors a on a.id = ac.actor_id
        where m.deleted_at is null and m.held_for_review = 0 and a.host is null) totalLocalVideoComments,
      (select coalesce(sum(f.size), 0) from video_files f join videos v on v.id = f.video_id where v.is_local = 1) totalLocalVideoFilesSize,
      (select count(*) from videos v where ${listable}) totalVideos,
      (select count(*) from comments where deleted_at is null and held_for_review = 0) totalVideoComments,
      (select count(*) from video_channels c join actors a on a.id = c.actor_id where a.host is null) totalLocalVideoChannels,
      ${activeChannels(1)} totalLocalDailyActiveVideoChannels,
      ${activeChannels(7)} totalLocalWeeklyActiveVideoChannels,
      ${activeChannels(30)} totalLocalMonthlyActiveVideoChannels,
      (select count(*) from video_playlists where is_local = 1 and privacy = ${PLAYLIST_PRIVACY.PUBLIC}) totalLocalPlaylists,
      (select count(*) from follows where following_actor_id = ${instanceActor} and state = 'accepted') totalInstanceFollowers,
      (select count(*) from follows where follower_actor_id = ${instanceActor} and state = 'accepted') totalInstanceFollowing,
      (select avg(processed_at - created_at) from abuses where processed_at is not null and created_at > ${since(90)}) averageAbuseResponseTimeMs,
      (select count(*) from abuses where processed_at is not null or state != 1) totalAbusesProcessed,
      (select count(*) from abuses) totalAbuses,
      (select avg(processed_at - created_at) from user_registrations where processed_at is not null and created_at > ${since(90)}) averageRegistrationMs,
      (select count(*) from user_registrations where processed_at is not null or state != 1) totalRegistrationsProcessed,
      (select count(*) from user_registrations) totalRegistrations,
      ${inboxJobs('completed')} apSuccesses,
      ${inboxJobs('failed')} apErrors,
      (select count(*) from jobs where type = 'activitypub-inbox' and state in ('waiting', 'delayed', 'active')) apWaiting,
      (select min(created_at) from jobs where type = 'activitypub-inbox') apSince`)) as Row;

  const successes = JSON.parse(String(row.apSuccesses ?? '{}')) as Record<string, number>;
  const errors = JSON.parse(String(row.apErrors ?? '{}')) as Record<string, number>;
  const totalSuccesses = Object.values(successes).reduce((a, b) => a + b, 0);
  const totalErrors = Object.values(errors).reduce((a, b) => a + b, 0);
  const seconds = row.apSince === null ? 0 : (t - int(row.apSince)) / 1000;
  const perType = (counts: Record<string, number>, suffix: string) =>
    Object.fromEntries(AP_TYPES.map((type) => [`totalActivityPub${type}Messages${suffix}`, counts[type] ?? 0]));

  return {
    totalUsers: int(row.totalUsers),
    totalDailyActiveUsers: int(row.totalDailyActiveUsers),
    totalWeeklyActiveUsers: int(row.totalWeeklyActiveUsers),
    totalMonthlyActiveUsers: int(row.totalMonthlyActiveUsers),
    totalModerators: int(row.totalModerators),
    totalAdmins: int(row.totalAdmins),
    totalLocalVideos: int(row.totalLocalVideos),
    totalLocalVideoViews: int(row.totalLocalVideoViews),
    totalLocalVideoComments: int(row.totalLocalVideoComments),
    totalLocalVideoFilesSize: int(row.totalLocalVideoFilesSize),
    totalVideos: int(row.totalVideos),
    totalVideoComments: int(row.totalVideoComments),
    totalLocalVideoChannels: int(row.totalLocalVideoChannels),
    totalLocalDailyActiveVideoChannels: int(row.totalLocalDailyActiveVideoChannels),
    totalLocalWeeklyActiveVideoChannels: int(row.totalLocalWeeklyActiveVideoChannels),
    totalLocalMonthlyActiveVideoChannels: int(row.totalLocalMonthlyActiveVideoChannels),
    totalLocalPlaylists: int(row.totalLocalPlaylists),
    totalInstanceFollowers: int(row.totalInstanceFollowers),
    totalInstanceFollowing: int(row.totalInstanceFollowing),
    // No redundancy strategy is configured: PeerTube then lists only its "manual" one.
    videosRedundancy: [{ strategy: 'manual', totalSize: null, totalUsed: 0, totalVideos: 0, totalVideoFiles: 0 }],
    averageAbuseResponseTimeMs: row.averageAbuseResponseTimeMs === null ? null : Number(row.averageAbuseResponseTimeMs),
    totalAbuses: int(row.totalAbuses),
    totalAbusesProcessed: int(row.totalAbusesProcessed),
    // UserRegistrationModel.getStats: the same rules as the abuses'.
    averageRegistrationRequestResponseTimeMs: row.averageRegistrationMs === null ? null : Number(row.averageRegistrationMs),
    totalRegistrationRequests: int(row.totalRegistrations),
    totalRegistrationRequestsProcessed: int(row.totalRegistrationsProcessed),
    totalActivityPubMessagesProcessed: totalSuccesses + totalErrors,
    totalActivityPubMessagesSuccesses: totalSuccesses,
    ...perType(successes, 'Successes'),
    ...perType(errors, 'Errors'),
    totalActivityPubMessagesErrors: totalErrors,
    activityPubMessagesProcessedPerSecond: seconds > 0 ? (totalSuccesses + totalErrors) / seconds : 0,
    totalActivityPubMessagesWaiting: int(row.apWaiting),
  };
}
