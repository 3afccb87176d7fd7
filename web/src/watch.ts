// The watch page's small enhancements; the page works without them.

/** Copy buttons beside the share box's link and embed code. */
function addCopyButtons() {
  const box = document.querySelector<HTMLElement>('.share');
  if (!box) return;
  // The labels come from the server's catalogue, in the page's language.
  const label = [box.dataset.copyLabel ?? '', box.dataset.copiedLabel ?? ''];
  for (const field of box.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('[data-copy]')) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'secondary copy';
    button.textContent = label[0];
    button.addEventListener('click', async () => {
      field.select();
      await navigator.clipboard?.writeText(field.value).catch(() => document.execCommand('copy'));
      button.textContent = label[1];
    });
    field.after(button);
  }
}

/** Chapter links (pages/chapters-view.ts) seek the player in place rather than reload the page at `?start=`. */
function seekOnChapterClick() {
  const video = document.getElementById('player') as HTMLVideoElement | null;
  if (!video) return;
  for (const link of document.querySelectorAll<HTMLAnchorElement>('.chapters a[data-start]')) {
    link.addEventListener('click', (event) => {
      event.preventDefault();
      video.currentTime = Number(link.dataset.start);
      void video.play().catch(() => undefined);
    });
  }
}

addCopyButtons();
seekOnChapterClick();
