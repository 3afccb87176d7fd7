/**
 * PeerTube's UserNotification (server/core/models/user/user-notification.ts, toFormattedJSON):
 * `id, type, read`, then only the objects the notification is about (PeerTube's `undefined`
 * keys are not sent), then `createdAt, updatedAt`.
 */
import type { Config } from '../config';
import type { Actor, Follow, UserNotification } from '../db/schema';
import { uuidToShort } from '../services/short-uuid';
import { serializeActorImages } from './actor';

export type NotifiedVideo = { id: number; uuid: string; name: string };
export type NotifiedActor = { id: number; displayName: string; actor: Actor };

export type NotificationView = {
  notification: UserNotification;
  video?: NotifiedVideo & { channel: NotifiedActor };
  comment?: { id: number; threadId: number; account: NotifiedActor; video: NotifiedVideo; heldForReview: boolean };
  abuse?: { id: number; state: number; video?: NotifiedVideo; account?: NotifiedActor };
  actorFollow?: { id: number; state: Follow['state']; follower: NotifiedActor; following: { actor: Actor; displayName: string } };
  registration?: { id: number; username: string };
};

const formatVideo = (v: NotifiedVideo) => ({ id: v.id, uuid: v.uuid, shortUUID: uuidToShort(v.uuid), name: v.name });

/** PeerTube's formatActor and formatAvatars: `avatar` (the widest) only when there is one. */
function formatActor(a: NotifiedActor, config: Config) {
  const avatars = serializeActorImages(a.actor, config).map((i) => ({ path: i.path, width: i.width }));
  return {
    id: a.id,
    displayName: a.displayName,
    name: a.actor.preferredUsername,
    host: a.actor.host ?? config.host,
    ...(avatars.length ? { avatar: avatars.reduce((m, i) => (i.width > m.width ? i : m)) } : {}),
    avatars,
  };
}

const FOLLOWING_TYPE: Record<string, 'instance' | 'channel' | 'account'> = { Application: 'instance', Group: 'channel', Person: 'account' };

export function serializeNotification(view: NotificationView, config: Config) {
  const n = view.notification;
  const { video, comment, abuse, actorFollow, registration } = view;
  return {
    id: n.id,
    type: n.type,
    read: n.read,
    ...(video ? { video: { ...formatVideo(video), channel: formatActor(video.channel, config) } } : {}),
    ...(comment
      ? {
          comment: {
            id: comment.id,
            threadId: comment.threadId,
            account: formatActor(comment.account, config),
            video: formatVideo(comment.video),
            heldForReview: comment.heldForReview,
          },
        }
      : {}),
    ...(abuse
      ? {
          abuse: {
            id: abuse.id,
            state: abuse.state,
            ...(abuse.video ? { video: formatVideo(abuse.video) } : {}),
            ...(abuse.account ? { account: formatActor(abuse.account, config) } : {}),
          },
        }
      : {}),
    ...(actorFollow
      ? {
          actorFollow: {
            id: actorFollow.id,
            state: actorFollow.state,
            follower: formatActor(actorFollow.follower, config),
            following: {
              type: FOLLOWING_TYPE[actorFollow.following.actor.type] ?? 'account',
              displayName: actorFollow.following.displayName,
              name: actorFollow.following.actor.preferredUsername,
              host: actorFollow.following.actor.host ?? config.host,
            },
          },
        }
      : {}),
    ...(registration ? { registration: { id: registration.id, username: registration.username } } : {}),
    createdAt: n.createdAt.toISOString(),
    updatedAt: n.updatedAt.toISOString(),
  };
}
