import { defineArea } from '../area';

/** The player's own controls (web/src/player/controls.ts): quality menu, fullscreen, keyboard help. */
export const playerControls = defineArea(
  {
    'player.controls': 'Player controls',
    'player.quality': 'Quality',
    'player.qualityAuto': 'Auto',
    'player.qualityAutoCurrent': 'Auto ({quality})',
    'player.fullscreen': 'Fullscreen',
    'player.exitFullscreen': 'Exit fullscreen',
    'player.shortcuts':
      'Keyboard: space or K to play or pause, F for fullscreen, M to mute, left and right arrows to go back or forward 5 seconds, up and down arrows for the volume, 0 to 9 to jump to 0% to 90%.',
  },
  {
    'player.controls': 'Commandes du lecteur',
    'player.quality': 'Qualité',
    'player.qualityAuto': 'Auto',
    'player.qualityAutoCurrent': 'Auto ({quality})',
    'player.fullscreen': 'Plein écran',
    'player.exitFullscreen': 'Quitter le plein écran',
    'player.shortcuts':
      'Clavier : espace ou K pour lire ou mettre en pause, F pour le plein écran, M pour couper le son, flèches gauche et droite pour reculer ou avancer de 5 secondes, flèches haut et bas pour le volume, 0 à 9 pour aller de 0 % à 90 %.',
  },
);
