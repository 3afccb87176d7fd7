import type HlsType from 'hls.js';
import type { ControlLabels } from './controls';

/**
 * The quality menu: Auto (hls.js's adaptive choice, with the level it plays now) and each level
 * by height, highest first. A <select>, so that it is labelled and keyboard usable as it is.
 */
export function createQualityMenu(labels: ControlLabels) {
  const label = document.createElement('label');
  label.className = 'player-quality';
  const text = document.createElement('span');
  text.textContent = labels.quality;
  const select = document.createElement('select');
  select.id = 'player-quality';
  label.append(text, select);
  label.hidden = true;
  let current: HlsType | null = null;

  const heightOf = (hls: HlsType, level: number) => hls.levels[level]?.height;
  const autoText = (hls: HlsType) => {
    const playing = heightOf(hls, hls.currentLevel);
    return playing ? labels.autoCurrent.replace('{quality}', `${playing}p`) : labels.auto;
  };
  const render = (hls: HlsType) => {
    const levels = hls.levels.map((l, i) => ({ i, height: l.height })).sort((a, b) => b.height - a.height);
    select.replaceChildren(new Option(autoText(hls), '-1'), ...levels.map((l) => new Option(l.height ? `${l.height}p` : `${l.i + 1}`, String(l.i))));
    select.value = hls.autoLevelEnabled ? '-1' : String(hls.currentLevel);
    // One level leaves nothing to choose.
    label.hidden = levels.length < 2;
  };

  select.addEventListener('change', () => {
    // currentLevel switches now (the buffer ahead is replaced); -1 gives the choice back to hls.js.
    if (current) current.currentLevel = Number(select.value);
  });

  return {
    element: label,
    /** Follows `hls` (a new instance replaces the last one, as when P2P falls back to the edge). */
    use(hls: HlsType) {
      current = hls;
      const Events = window.Hls!.Events;
      hls.on(Events.MANIFEST_PARSED, () => render(hls));
      hls.on(Events.LEVEL_SWITCHED, () => {
        if (current === hls && select.options[0]) select.options[0].text = autoText(hls);
      });
      if (hls.levels.length) render(hls);
    },
  };
}
