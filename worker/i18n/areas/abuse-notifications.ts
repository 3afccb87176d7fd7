import { defineArea } from '../area';

/** The notifications page's sentences for a report's state and messages (PeerTube's types 15 and 16). */
export const abuseNotifications = defineArea(
  {
    'notif.abuseAccepted': 'Your report #{id} has been accepted.',
    'notif.abuseRejected': 'Your report #{id} has been rejected.',
    'notif.abusePending': 'Your report #{id} is pending again.',
    'notif.abuseMessage': 'New message on report #{id}.',
  },
  {
    'notif.abuseAccepted': 'Votre signalement n° {id} a été accepté.',
    'notif.abuseRejected': 'Votre signalement n° {id} a été rejeté.',
    'notif.abusePending': 'Votre signalement n° {id} est de nouveau en attente.',
    'notif.abuseMessage': 'Nouveau message sur le signalement n° {id}.',
  },
);
