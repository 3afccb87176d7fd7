import { USER_ROLES, type UserRole } from '../db/schema';

/** Who is making a request, as services see it. */
export type Viewer = { userId: number; accountId: number; username: string; role: UserRole };

export const isAdmin = (v: Viewer | undefined) => v?.role === USER_ROLES.ADMINISTRATOR;
export const isModerator = (v: Viewer | undefined) => v !== undefined && v.role <= USER_ROLES.MODERATOR;
