import { USER_ROLES, type UserRole } from '../db/schema';

/** Who is making a request, as services see it. */
export type NsfwPolicy = 'display' | 'blur' | 'do_not_list';

export type Viewer = {
  userId: number;
  accountId: number;
  /** The account's actor; read with the credential, absent where a viewer is built by hand. */
  actorId?: number;
  username: string;
  role: UserRole;
  /** Read with the credential; absent where a viewer is built by hand (the list default then applies). */
  nsfwPolicy?: NsfwPolicy;
  /** Whether the user lets the player share segments (PeerTube's p2pEnabled); read with the credential, as nsfwPolicy. */
  p2pEnabled?: boolean;
  /** Whether views record where the user stopped (PeerTube's videosHistoryEnabled); read with the credential. */
  videosHistoryEnabled?: boolean;
  /** The interface language the user saved; pages prefer it to Accept-Language. */
  language?: string | null;
  /** Unread notifications, when the credential check was asked to count them (web sessions, for the nav). */
  unreadNotifications?: number;
};

export const isAdmin = (v: Viewer | undefined) => v?.role === USER_ROLES.ADMINISTRATOR;
export const isModerator = (v: Viewer | undefined) => v !== undefined && v.role <= USER_ROLES.MODERATOR;
