import { defineArea } from '../area';

/** Comments held for review on the watch page (pages/comments-view.ts). */
export const commentReview = defineArea(
  {
    'comments.held': 'Awaiting approval: only you and the video’s owner see it.',
    'comments.approve': 'Approve',
  },
  {
    'comments.held': 'En attente d’approbation : seuls vous et le propriétaire de la vidéo la voyez.',
    'comments.approve': 'Approuver',
  },
);
