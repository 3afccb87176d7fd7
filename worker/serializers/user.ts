import type { Config } from '../config';
import { USER_ROLES, type Actor, type User, type VideoChannel } from '../db/schema';
import { serializeAccount, type AccountWithActor } from './account';
import { serializeUserChannel } from './channel';
import { notificationSettingsOf } from '../services/notifications';

/** PeerTube's USER_ROLE_LABELS. */
export const USER_ROLE_LABELS: Record<number, string> = {
  [USER_ROLES.ADMINISTRATOR]: 'Administrator',
  [USER_ROLES.MODERATOR]: 'Moderator',
  [USER_ROLES.USER]: 'User',
};

export type SpecialPlaylist = { id: number; name: string; type: number };

export type UserView = {
  user: User;
  account: AccountWithActor;
  channels: Array<{ channel: VideoChannel; actor: Actor }>;
  /** Bytes used, when the caller loaded them (GET /users/me, ?withStats). */
  quota?: { videoQuotaUsed: number; videoQuotaUsedDaily: number };
};

/**
 * PeerTube's User (packages/models/src/users/user.model.ts). Fields this
 * instance does not store yet (NSFW flags, theme, languages) carry
 * PeerTube's defaults so clients that read them keep working.
 */
export function serializeUser(
  { user, account, channels, quota }: UserView,
  config: Config,
  options: { me?: boolean; specialPlaylists?: SpecialPlaylist[] } = {},
) {
  const json = {
    id: user.id,
    username: user.username,
    email: user.email,
    pendingEmail: null as string | null,
    emailVerified: user.emailVerified ?? false,
    emailPublic: false,
    nsfwPolicy: user.nsfwPolicy,
    nsfwFlagsDisplayed: 0,
    nsfwFlagsHidden: 0,
    nsfwFlagsBlurred: 0,
    nsfwFlagsWarned: 0,
    adminFlags: 0,
    autoPlayVideo: user.autoPlayVideo,
    autoPlayNextVideo: true,
    autoPlayNextVideoPlaylist: true,
    p2pEnabled: user.p2pEnabled,
    videosHistoryEnabled: user.videosHistoryEnabled,
    videoLanguages: null as string[] | null,
    language: user.language ?? null,
    role: { id: user.role, label: USER_ROLE_LABELS[user.role] ?? 'User' },
    videoQuota: user.videoQuota,
    videoQuotaDaily: user.videoQuotaDaily,
    ...(quota ?? {}),
    theme: 'instance-default',
    account: serializeAccount(account, config),
    // PeerTube loads the settings with the user for /users/me (UserModel.loadForMeAPI).
    ...(options.me ? { notificationSettings: notificationSettingsOf(user.notificationSettings) } : {}),
    videoChannels: channels.map(({ channel, actor }) => serializeUserChannel(channel, actor, config)),
    blocked: user.blocked,
    blockedReason: user.blockedReason ?? null,
    noInstanceConfigWarningModal: false,
    noWelcomeModal: false,
    noAccountSetupWarningModal: false,
    createdAt: user.createdAt.toISOString(),
    pluginAuth: null as string | null,
    lastLoginDate: user.lastLoginDate ? user.lastLoginDate.toISOString() : null,
    twoFactorEnabled: false,
    newFeaturesInfoRead: 0,
  };
  // MyUser adds the special playlists: the account's Watch later (PeerTube's UserModel.toMeFormattedJSON).
  return options.me ? { ...json, specialPlaylists: options.specialPlaylists ?? [] } : json;
}

export type UserJson = ReturnType<typeof serializeUser>;
