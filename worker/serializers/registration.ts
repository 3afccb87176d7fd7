/** PeerTube's UserRegistration (UserRegistrationModel.toFormattedJSON), in its key order. */
import type { UserRegistration } from '../db/schema';

/** USER_REGISTRATION_STATES. */
const STATE_LABELS: Record<number, string> = { 1: 'Pending', 2: 'Rejected', 3: 'Accepted' };

export function serializeRegistration(r: UserRegistration) {
  return {
    id: r.id,
    state: { id: r.state, label: STATE_LABELS[r.state] },
    registrationReason: r.registrationReason,
    moderationResponse: r.moderationResponse,
    username: r.username,
    email: r.email,
    emailVerified: r.emailVerified,
    accountDisplayName: r.accountDisplayName,
    channelHandle: r.channelHandle,
    channelDisplayName: r.channelDisplayName,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    user: r.userId === null ? null : { id: r.userId },
  };
}
