import type { Translate } from '../i18n';

/** The labels of the player's controls, from the catalogues (web/src/player/controls.ts, ControlLabels). */
export function playerControlLabels(t: Translate) {
  return {
    controls: t('player.controls'),
    quality: t('player.quality'),
    auto: t('player.qualityAuto'),
    autoCurrent: t('player.qualityAutoCurrent'),
    fullscreen: t('player.fullscreen'),
    exitFullscreen: t('player.exitFullscreen'),
    shortcuts: t('player.shortcuts'),
  };
}
