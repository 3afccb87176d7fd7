import type { Actor } from '../../../db/schema';
import type { FederationDeps } from '../../deps';
import type { Activity } from '../activity';

/** What a handler gets: the database and config, and the verified signer (= the activity's actor). */
export type InboxContext = FederationDeps & { signer: Actor };

/** What happened, for logs and tests. `ignored` is a normal outcome: most activities are not for us. */
export type HandlerResult = { outcome: 'processed' | 'ignored'; detail?: string };

export type ActivityHandler = (ctx: InboxContext, activity: Activity) => Promise<HandlerResult>;

export const processed = (detail?: string): HandlerResult => ({ outcome: 'processed', detail });
export const ignored = (detail: string): HandlerResult => ({ outcome: 'ignored', detail });
