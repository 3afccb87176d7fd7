/**
 * The label maps PeerTube serves at /videos/categories|licences|languages|privacies, and the
 * labels of states and comment policies. The one place these values live: validation and
 * serializers read them from here.
 */

/** PeerTube 6.3's VIDEO_CATEGORIES (fixture api-categories.json). */
export const VIDEO_CATEGORIES: Record<number, string> = {
  1: 'Music', 2: 'Films', 3: 'Vehicles', 4: 'Art', 5: 'Sports', 6: 'Travels', 7: 'Gaming', 8: 'People', 9: 'Comedy',
  10: 'Entertainment', 11: 'News & Politics', 12: 'How To', 13: 'Education', 14: 'Activism', 15: 'Science & Technology',
  16: 'Animals', 17: 'Kids', 18: 'Food',
};

/** PeerTube 6.3's VIDEO_LICENCES (fixture api-licences.json). */
export const VIDEO_LICENCES: Record<number, string> = {
  1: 'Attribution', 2: 'Attribution - Share Alike', 3: 'Attribution - No Derivatives', 4: 'Attribution - Non Commercial',
  5: 'Attribution - Non Commercial - Share Alike', 6: 'Attribution - Non Commercial - No Derivatives', 7: 'Public Domain Dedication',
};

/** PeerTube's VIDEO_PRIVACIES. 5 (password protected) is listed as PeerTube lists it, but not accepted on upload here. */
export const VIDEO_PRIVACIES: Record<number, string> = { 1: 'Public', 2: 'Unlisted', 3: 'Private', 4: 'Internal', 5: 'Password protected' };

export const VIDEO_STATES: Record<number, string> = {
  1: 'Published', 2: 'To transcode', 3: 'To import', 4: 'Waiting for livestream', 5: 'Livestream ended',
  6: 'To move to an external storage', 7: 'Transcoding failed', 8: 'External storage move failed', 9: 'To edit',
};

export const VIDEO_COMMENTS_POLICIES: Record<number, string> = { 1: 'Enabled', 2: 'Disabled', 3: 'Requires approval' };

/**
 * PeerTube builds its language list from the `iso-639-3` data: every living language that has an
 * ISO 639-1 code, keyed by that code, plus a few ISO 639-3 additions (sign languages, constructed
 * languages) and its own overrides (see `buildLanguages` in PeerTube's initializers/constants.ts).
 */
const ISO_639_1_LIVING: Record<string, string> = {
  aa: 'Afar', ab: 'Abkhazian', af: 'Afrikaans', ak: 'Akan', am: 'Amharic', an: 'Aragonese', ar: 'Arabic', as: 'Assamese',
  av: 'Avaric', ay: 'Aymara', az: 'Azerbaijani', ba: 'Bashkir', be: 'Belarusian', bg: 'Bulgarian', bi: 'Bislama',
  bm: 'Bambara', bn: 'Bengali', bo: 'Tibetan', br: 'Breton', bs: 'Bosnian', ca: 'Catalan', ce: 'Chechen', ch: 'Chamorro',
  co: 'Corsican', cr: 'Cree', cs: 'Czech', cv: 'Chuvash', cy: 'Welsh', da: 'Danish', de: 'German', dv: 'Dhivehi',
  dz: 'Dzongkha', ee: 'Ewe', el: 'Greek', en: 'English', eo: 'Esperanto', es: 'Spanish', et: 'Estonian', eu: 'Basque',
  fa: 'Persian', ff: 'Fulah', fi: 'Finnish', fj: 'Fijian', fo: 'Faroese', fr: 'French', fy: 'Western Frisian', ga: 'Irish',
  gd: 'Scottish Gaelic', gl: 'Galician', gn: 'Guarani', gu: 'Gujarati', gv: 'Manx', ha: 'Hausa', he: 'Hebrew', hi: 'Hindi',
  ho: 'Hiri Motu', hr: 'Croatian', ht: 'Haitian', hu: 'Hungarian', hy: 'Armenian', hz: 'Herero', id: 'Indonesian',
  ig: 'Igbo', ii: 'Sichuan Yi', ik: 'Inupiaq', io: 'Ido', is: 'Icelandic', it: 'Italian', iu: 'Inuktitut', ja: 'Japanese',
  jv: 'Javanese', ka: 'Georgian', kg: 'Kongo', ki: 'Kikuyu', kj: 'Kuanyama', kk: 'Kazakh', kl: 'Kalaallisut',
  km: 'Khmer', kn: 'Kannada', ko: 'Korean', kr: 'Kanuri', ks: 'Kashmiri', ku: 'Kurdish', kv: 'Komi', kw: 'Cornish',
  ky: 'Kirghiz', lb: 'Luxembourgish', lg: 'Ganda', li: 'Limburgan', ln: 'Lingala', lo: 'Lao', lt: 'Lithuanian',
  lu: 'Luba-Katanga', lv: 'Latvian', mg: 'Malagasy', mh: 'Marshallese', mi: 'Maori', mk: 'Macedonian', ml: 'Malayalam',
  mn: 'Mongolian', mr: 'Marathi', ms: 'Malay (macrolanguage)', mt: 'Maltese', my: 'Burmese', na: 'Nauru',
  nb: 'Norwegian Bokmål', nd: 'North Ndebele', ne: 'Nepali (macrolanguage)', ng: 'Ndonga', nl: 'Dutch',
  nn: 'Norwegian Nynorsk', no: 'Norwegian', nr: 'South Ndebele', nv: 'Navajo', ny: 'Nyanja', oc: 'Occitan',
  oj: 'Ojibwa', om: 'Oromo', or: 'Oriya (macrolanguage)', os: 'Ossetian', pa: 'Panjabi', pl: 'Polish', ps: 'Pushto',
  pt: 'Portuguese', qu: 'Quechua', rm: 'Romansh', rn: 'Rundi', ro: 'Romanian', ru: 'Russian', rw: 'Kinyarwanda',
  sa: 'Sanskrit', sc: 'Sardinian', sd: 'Sindhi', se: 'Northern Sami', sg: 'Sango', sh: 'Serbo-Croatian', si: 'Sinhala',
  sk: 'Slovak', sl: 'Slovenian', sm: 'Samoan', sn: 'Shona', so: 'Somali', sq: 'Albanian', sr: 'Serbian', ss: 'Swati',
  st: 'Southern Sotho', su: 'Sundanese', sv: 'Swedish', sw: 'Swahili (macrolanguage)', ta: 'Tamil', te: 'Telugu',
  tg: 'Tajik', th: 'Thai', ti: 'Tigrinya', tk: 'Turkmen', tl: 'Tagalog', tn: 'Tswana', to: 'Tonga (Tonga Islands)',
  tr: 'Turkish', ts: 'Tsonga', tt: 'Tatar', tw: 'Twi', ty: 'Tahitian', ug: 'Uighur', uk: 'Ukrainian', ur: 'Urdu',
  uz: 'Uzbek', ve: 'Venda', vi: 'Vietnamese', wa: 'Walloon', wo: 'Wolof', xh: 'Xhosa', yi: 'Yiddish', yo: 'Yoruba',
  za: 'Zhuang', zh: 'Chinese', zu: 'Zulu',
};

const ADDITIONAL_LANGUAGES: Record<string, string> = {
  sgn: 'Sign languages', ase: 'American Sign Language', asq: 'Austrian Sign Language', bfi: 'British Sign Language',
  bzs: 'Brazilian Sign Language', csl: 'Chinese Sign Language', cse: 'Czech Sign Language', dsl: 'Danish Sign Language',
  fsl: 'French Sign Language', gsg: 'German Sign Language', pks: 'Pakistan Sign Language', jsl: 'Japanese Sign Language',
  sfs: 'South African Sign Language', swl: 'Swedish Sign Language', rsl: 'Russian Sign Language', kab: 'Kabyle',
  lat: 'Latin', epo: 'Esperanto', tlh: 'Klingon', jbo: 'Lojban', avk: 'Kotava', zxx: 'No linguistic content',
};

const OVERRIDES: Record<string, string> = {
  oc: 'Occitan', el: 'Greek', tok: 'Toki Pona', pt: 'Portuguese (Brazilian)', 'pt-PT': 'Portuguese (Portugal)',
  'zh-Hans': 'Simplified Chinese', 'zh-Hant': 'Traditional Chinese', 'ca-valencia': 'Valencian',
};

export const VIDEO_LANGUAGES: Record<string, string> = { ...ISO_639_1_LIVING, ...ADDITIONAL_LANGUAGES, ...OVERRIDES };

/** `{id, label}` as PeerTube renders a labelled constant; an unknown or null id is "Unknown". */
export function labelled<K extends string | number>(map: Record<K, string>, id: K | null | undefined): { id: K | null; label: string } {
  if (id === null || id === undefined) return { id: null, label: 'Unknown' };
  return { id, label: map[id] ?? 'Unknown' };
}
