import type { Config } from '../config';
import { ABUSE_STATE_LABELS, type AbuseView } from '../services/abuses';
import { serializeAccount } from './account';
import { serializeVideo } from './video';

/** PeerTube's AdminAbuse, the subset we keep (no comment abuses, no messages). */
export function serializeAdminAbuse({ abuse, reporter, flagged, video }: AbuseView, config: Config) {
  const v = video ? serializeVideo(video, config) : null;
  return {
    id: abuse.id,
    reason: abuse.reason,
    predefinedReasons: abuse.predefinedReasons ?? [],
    reporterAccount: reporter ? serializeAccount(reporter, config) : null,
    flaggedAccount: flagged ? serializeAccount(flagged, config) : null,
    state: { id: abuse.state, label: ABUSE_STATE_LABELS[abuse.state] ?? 'Unknown' },
    moderationComment: abuse.moderationComment ?? null,
    video: v && {
      id: v.id,
      name: v.name,
      uuid: v.uuid,
      shortUUID: v.shortUUID,
      nsfw: v.nsfw,
      url: v.url,
      deleted: false,
      blacklisted: false,
      startAt: null,
      endAt: null,
      thumbnailPath: v.thumbnailPath,
      channel: v.channel,
    },
    comment: null,
    createdAt: abuse.createdAt.toISOString(),
    updatedAt: abuse.updatedAt.toISOString(),
  };
}

export type AdminAbuseJson = ReturnType<typeof serializeAdminAbuse>;
