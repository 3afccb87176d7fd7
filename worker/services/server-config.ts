import { count, isNotNull } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { Config } from '../config';
import { users } from '../db/schema';
import { enabledResolutions, getCustomConfig, type CustomConfig } from './instance-settings';

/** The PeerTube version whose API and federation dialect edgetube speaks. */
export const SERVER_VERSION = '6.3.0';

/** The image types PeerTube takes for avatars and banners. */
export const IMAGE_EXTENSIONS = ['.png', '.jpeg', '.jpg', '.gif', '.webp'];
/** The video files PeerTube 6.3 takes (CONSTRAINTS_FIELDS.VIDEOS.EXTNAME with transcoding on), as /config lists them. */
export const VIDEO_FILE_EXTENSIONS = [
  '.webm',
  '.ogv',
  '.ogg',
  '.mp4',
  '.mkv',
  '.mov',
  '.qt',
  '.mqv',
  '.m4v',
  '.flv',
  '.f4v',
  '.wmv',
  '.avi',
  '.3gp',
  '.3gpp',
  '.3g2',
  '.3gpp2',
  '.nut',
  '.mts',
  '.m2ts',
  '.mpv',
  '.m2v',
  '.m1v',
  '.mpg',
  '.mpe',
  '.mpeg',
  '.vob',
  '.mxf',
];

/** The audio files PeerTube also takes when audio uploads are on, as NodeInfo lists them after the video ones. */
export const AUDIO_FILE_EXTENSIONS = ['.mp3', '.wma', '.wav', '.flac', '.aac', '.m4a', '.ac3'];

export type SignupRule = { enabled: boolean; limit: number; requiresApproval?: boolean };

/** PeerTube's SignupMode: a sign-up, or a registration request when approval is required. */
export type SignupMode = 'direct-registration' | 'request-registration';

/**
 * Why a sign-up of that mode is refused now, in PeerTube's words (server/core/lib/signup.ts
 * isSignupAllowed), or null when it is allowed; PeerTube counts every user, root included.
 * When approval is required, sign-ups are refused and registration requests taken.
 */
export async function signupRefusal(db: Db, signup: SignupRule, mode: SignupMode = 'direct-registration'): Promise<string | null> {
  if (!signup.enabled) return 'User registration is not allowed';
  if (mode === 'direct-registration' && signup.requiresApproval) return 'User registration requires approval';
  if (signup.limit === -1) return null;
  const [{ n }] = await db.select({ n: count() }).from(users).where(isNotNull(users.id));
  return n < signup.limit ? null : 'User limit is reached on this instance';
}

/** The way in that the instance offers: a sign-up, or a request when approval is required. */
export const signupModeOf = (signup: SignupRule): SignupMode => (signup.requiresApproval ? 'request-registration' : 'direct-registration');

/** Whether a new account may register, or ask to, now (the sign-up page, and `signup.allowed` in /config). */
export async function isSignupAllowed(db: Db, custom: CustomConfig): Promise<boolean> {
  return (await signupRefusal(db, custom.signup, signupModeOf(custom.signup))) === null;
}

/**
 * GET /api/v1/config: what PeerTube clients read to adapt to the instance.
 * The shape is PeerTube 6.3's ServerConfig; features edgetube lacks (live, studio,
 * imports, plugins) are reported as disabled rather than left out, so clients keep working.
 */
export async function getServerConfig(db: Db, config: Config) {
  const custom = await getCustomConfig(db, config);
  const signupAllowed = await isSignupAllowed(db, custom);
  return {
    client: {
      videos: { miniature: { displayAuthorAvatar: false, preferAuthorDisplayName: false }, resumableUpload: { maxChunkSize: 0 } },
      menu: { login: { redirectOnSingleExternalAuth: false } },
    },
    defaults: {
      publish: { downloadEnabled: true, commentsPolicy: 1, commentsEnabled: true, privacy: 1, licence: null },
      p2p: { webapp: { enabled: config.tracker.enabled }, embed: { enabled: config.tracker.enabled } },
    },
    webadmin: { configuration: { edition: { allowed: true } } },
    instance: {
      name: custom.instance.name,
      shortDescription: custom.instance.shortDescription,
      isNSFW: custom.instance.isNSFW,
      defaultNSFWPolicy: custom.instance.defaultNSFWPolicy,
      defaultClientRoute: custom.instance.defaultClientRoute,
      customizations: { javascript: '', css: '' },
      avatars: [],
      banners: [],
    },
    search: { remoteUri: { users: true, anonymous: false }, searchIndex: { enabled: false, url: '', disableLocalSearch: false, isDefaultSearch: false } },
    plugin: { registered: [], registeredExternalAuths: [], registeredIdAndPassAuths: [] },
    theme: { registered: [], default: 'default' },
    email: { enabled: false },
    contactForm: { enabled: false },
    serverVersion: SERVER_VERSION,
    serverCommit: '',
    transcoding: {
      remoteRunners: { enabled: false },
      hls: { enabled: true },
      web_videos: { enabled: custom.transcoding.webVideos.enabled },
      enabledResolutions: enabledResolutions(custom),
      profile: 'default',
      availableProfiles: ['default'],
    },
    live: {
      enabled: false,
      allowReplay: false,
      latencySetting: { enabled: false },
      maxDuration: -1,
      maxInstanceLives: 0,
      maxUserLives: 0,
      transcoding: { enabled: false, remoteRunners: { enabled: false }, enabledResolutions: [], profile: 'default', availableProfiles: ['default'] },
      rtmp: { port: 1935 },
    },
    videoStudio: { enabled: false, remoteRunners: { enabled: false } },
    videoFile: { update: { enabled: false } },
    videoTranscription: { enabled: false, remoteRunners: { enabled: false } },
    import: { videos: { http: { enabled: false }, torrent: { enabled: false } }, videoChannelSynchronization: { enabled: false }, users: { enabled: false } },
    export: { users: { enabled: false, exportExpiration: 0, maxUserVideoQuota: 0 } },
    autoBlacklist: { videos: { ofUsers: { enabled: false } } },
    avatar: { file: { size: { max: 4 * 1024 * 1024 }, extensions: IMAGE_EXTENSIONS } },
    banner: { file: { size: { max: 4 * 1024 * 1024 }, extensions: IMAGE_EXTENSIONS } },
    video: { image: { extensions: ['.png', '.jpg', '.jpeg', '.webp'], size: { max: 4 * 1024 * 1024 } }, file: { extensions: VIDEO_FILE_EXTENSIONS } },
    videoCaption: { file: { size: { max: 20 * 1024 * 1024 }, extensions: ['.vtt', '.srt'] } },
    user: { videoQuota: custom.user.videoQuota, videoQuotaDaily: custom.user.videoQuotaDaily },
    videoChannels: { maxPerUser: 20 },
    trending: { videos: { intervalDays: 7, algorithms: { enabled: ['hot', 'most-viewed', 'most-liked'], default: 'most-viewed' } } },
    tracker: { enabled: config.tracker.enabled },
    followings: { instance: { autoFollowIndex: { indexUrl: '' } } },
    broadcastMessage: { enabled: false, message: '', level: 'info', dismissable: false },
    homepage: { enabled: false },
    openTelemetry: { metrics: { enabled: false, playbackStatsInterval: 15000 } },
    views: { videos: { watchingInterval: { anonymous: 5000, users: 5000 } } },
    storyboards: { enabled: false },
    signup: {
      allowed: signupAllowed,
      allowedForCurrentIP: signupAllowed,
      minimumAge: custom.signup.minimumAge,
      requiresApproval: custom.signup.requiresApproval,
      requiresEmailVerification: custom.signup.requiresEmailVerification,
    },
  };
}

/** GET /api/v1/config/about. */
export async function getAbout(db: Db, config: Config) {
  const custom = await getCustomConfig(db, config);
  return {
    instance: {
      name: custom.instance.name,
      shortDescription: custom.instance.shortDescription,
      description: custom.instance.description,
      terms: custom.instance.terms,
      codeOfConduct: custom.instance.codeOfConduct,
      hardwareInformation: '',
      creationReason: '',
      moderationInformation: '',
      administrator: '',
      maintenanceLifetime: '',
      businessModel: '',
      languages: [],
      categories: [],
      avatars: [],
      banners: [],
    },
  };
}
