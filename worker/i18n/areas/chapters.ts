import { defineArea } from '../area';

/** The watch page's chapter list (pages/chapters-view.ts). */
export const chapters = defineArea(
  {
    'chapters.heading': 'Chapters',
    'chapters.playFrom': 'Play from {time}: {title}',
  },
  {
    'chapters.heading': 'Chapitres',
    'chapters.playFrom': 'Lire à partir de {time} : {title}',
  },
);
