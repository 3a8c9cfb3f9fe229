// The box the remote video is shown in, in device pixels, which the other side sizes its video
// for (see sendResolution): the <video>'s box, the Picture-in-Picture window while there is one,
// and 0 × 0 while the tab is hidden and shows nothing.
import { Emitter } from './emitter';
import { followVisibility } from './pageVisibility';
import type { Size } from './sendResolution';

const NOT_SHOWN: Size = { width: 0, height: 0 };

/** What to tell the other side, from the <video>'s CSS box, the pixel ratio, the tab, PiP. */
export function viewBox(box: Size, pixelRatio: number, visible: boolean, pip: Size | null): Size {
  const shown = pip ?? (visible ? box : NOT_SHOWN);
  return {
    width: Math.round(shown.width * pixelRatio),
    height: Math.round(shown.height * pixelRatio),
  };
}

export class ViewSize extends Emitter<{ changed: (size: Size) => void }> {
  private box: Size;
  private visible = true;
  private pip: Size | null = null;
  private size: Size;
  private readonly cleanups: Array<() => void> = [];

  constructor(video: HTMLVideoElement) {
    super();
    const rect = video.getBoundingClientRect();
    this.box = { width: rect.width, height: rect.height };
    this.size = this.measure();
    const resizes = new ResizeObserver(([entry]) => {
      if (!entry) return;
      this.box = { width: entry.contentRect.width, height: entry.contentRect.height };
      this.update();
    });
    resizes.observe(video);
    this.cleanups.push(() => resizes.disconnect());
    this.cleanups.push(
      followVisibility(document, (visible) => {
        this.visible = visible;
        this.update();
      }),
    );
    this.listen(video, 'enterpictureinpicture', (event) => {
      const pipWindow = (event as PictureInPictureEvent).pictureInPictureWindow;
      const follow = () => {
        this.pip = { width: pipWindow.width, height: pipWindow.height };
        this.update();
      };
      pipWindow.addEventListener('resize', follow);
      this.cleanups.push(() => pipWindow.removeEventListener('resize', follow));
      follow();
    });
    this.listen(video, 'leavepictureinpicture', () => {
      this.pip = null;
      this.update();
    });
  }

  current(): Size {
    return this.size;
  }

  dispose(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.removeAllListeners();
  }

  private listen(target: EventTarget, type: string, listener: (event: Event) => void): void {
    target.addEventListener(type, listener);
    this.cleanups.push(() => target.removeEventListener(type, listener));
  }

  private measure(): Size {
    return viewBox(this.box, window.devicePixelRatio || 1, this.visible, this.pip);
  }

  private update(): void {
    const size = this.measure();
    if (size.width === this.size.width && size.height === this.size.height) return;
    this.size = size;
    this.emit('changed', size);
  }
}
