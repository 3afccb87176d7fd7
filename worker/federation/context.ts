/**
 * The JSON-LD `@context` values PeerTube 6.3 puts on what it serves
 * (fixtures/peertube-6.3/ap-person.json, ap-outbox.json). Remote PeerTube and
 * Mastodon mostly read plain JSON, but keep the terms so JSON-LD processors agree.
 */

const ACTIVITYSTREAMS = 'https://www.w3.org/ns/activitystreams';
const SECURITY_V1 = 'https://w3id.org/security/v1';
const RSA_SIGNATURE_2017 = { RsaSignature2017: 'https://w3id.org/security#RsaSignature2017' } as const;

/** Context of actors (Person, Group, Application). */
export const ACTOR_CONTEXT = [
  ACTIVITYSTREAMS,
  SECURITY_V1,
  RSA_SIGNATURE_2017,
  {
    pt: 'https://joinpeertube.org/ns#',
    sc: 'http://schema.org/',
    playlists: { '@id': 'pt:playlists', '@type': '@id' },
    support: { '@type': 'sc:Text', '@id': 'pt:support' },
    lemmy: 'https://join-lemmy.org/ns#',
    postingRestrictedToMods: 'lemmy:postingRestrictedToMods',
    icons: 'as:icon',
  },
] as const;

/** Context of collections and of plain activities (Follow, Accept, Undo, Like...). */
export const ACTIVITY_CONTEXT = [ACTIVITYSTREAMS, SECURITY_V1, RSA_SIGNATURE_2017] as const;

export const AS_PUBLIC = 'https://www.w3.org/ns/activitystreams#Public';

/** The content type of everything we serve as ActivityPub. */
export const ACTIVITY_JSON = 'application/activity+json; charset=utf-8';
