import { defineArea } from '../area';

/** Avatars and banners: the forms on my account and my channels' edit pages. */
export const actorImages = defineArea(
  {
    'images.avatar': 'Avatar',
    'images.banner': 'Banner',
    'images.none': 'None yet.',
    'images.file': 'Image file',
    'images.help': 'PNG, JPEG, GIF or WebP, up to {max}.',
    'images.bannerHelp': 'PNG, JPEG, GIF or WebP, up to {max}; shown 6 times as wide as it is high.',
    'images.upload': 'Upload',
    'images.remove': 'Remove',
    'images.saved': 'Saved.',
    'images.removed': 'Removed.',
    'images.invalid': 'This file is not supported or too large: choose a PNG, JPEG, GIF or WebP image of at most {max}.',
  },
  {
    'images.avatar': 'Avatar',
    'images.banner': 'Bannière',
    'images.none': 'Aucun pour le moment.',
    'images.file': 'Fichier image',
    'images.help': 'PNG, JPEG, GIF ou WebP, jusqu’à {max}.',
    'images.bannerHelp': 'PNG, JPEG, GIF ou WebP, jusqu’à {max} ; affichée 6 fois plus large que haute.',
    'images.upload': 'Envoyer',
    'images.remove': 'Supprimer',
    'images.saved': 'Enregistré.',
    'images.removed': 'Supprimé.',
    'images.invalid': 'Ce fichier n’est pas pris en charge ou est trop lourd : choisissez une image PNG, JPEG, GIF ou WebP de {max} au plus.',
  },
);
