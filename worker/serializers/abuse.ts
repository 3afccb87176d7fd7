import type { Config } from '../config';
import { ABUSE_STATE_LABELS, type AbuseView } from '../services/abuses';
import type { AbuseMessageView } from '../services/abuse-messages';
import { serializeAccount } from './account';
import { serializeChannel } from './channel';
import { accountSummary, serializeVideo } from './video';

/**
 * PeerTube's UserAbuse (AbuseModel.toFormattedUserJSON, server/core/models/abuse/abuse.ts): what
 * the reporter sees of their report. Comment reports keep no comment here, so `comment` is null.
 */
export function serializeUserAbuse({ abuse, flagged, video, counts }: AbuseView, config: Config) {
  const v = video ? serializeVideo(video, config) : null;
  return {
    id: abuse.id,
    reason: abuse.reason,
    predefinedReasons: abuse.predefinedReasons ?? [],
    flaggedAccount: flagged ? serializeAccount(flagged, config) : null,
    state: { id: abuse.state, label: ABUSE_STATE_LABELS[abuse.state] ?? 'Unknown' },
    countMessages: counts.countMessages,
    createdAt: abuse.createdAt.toISOString(),
    updatedAt: abuse.updatedAt.toISOString(),
    video:
      v && video
        ? {
            id: v.id,
            uuid: v.uuid,
            name: v.name,
            nsfw: v.nsfw,
            startAt: null,
            endAt: null,
            deleted: false,
            blacklisted: video.blacklist !== null,
            thumbnailPath: v.thumbnailPath,
            channel: serializeChannel(
              { channel: video.channel, actor: video.channelActor, owner: { account: video.account, actor: video.accountActor } },
              config,
            ),
          }
        : null,
    comment: null,
  };
}

/** PeerTube's AdminAbuse (toFormattedAdminJSON): the user's view, plus the moderators' counters. */
export function serializeAdminAbuse(view: AbuseView, config: Config) {
  const base = serializeUserAbuse(view, config);
  const { counts } = view;
  return {
    ...base,
    video: base.video && { ...base.video, countReports: counts.countReportsForVideo, nthReport: counts.nthReportForVideo },
    moderationComment: view.abuse.moderationComment ?? null,
    reporterAccount: view.reporter ? serializeAccount(view.reporter, config) : null,
    countReportsForReporter: counts.countReportsForReporter,
    countReportsForReportee: counts.countReportsForReportee,
  };
}

export type AdminAbuseJson = ReturnType<typeof serializeAdminAbuse>;

/** PeerTube's AbuseMessage (AbuseMessageModel.toFormattedJSON): the author as an account summary. */
export function serializeAbuseMessage({ message, author }: AbuseMessageView, config: Config) {
  return {
    id: message.id,
    createdAt: message.createdAt.toISOString(),
    byModerator: message.byModerator,
    message: message.message,
    account: author ? accountSummary(author.account, author.actor, config) : null,
  };
}
