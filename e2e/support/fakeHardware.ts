// Faults of the user's hardware and browser UI that Chromium's fake devices cannot produce,
// simulated inside the page the way the real browser reports them.
import type { Page } from '@playwright/test';

/**
 * Unplugs (`plugged: false`) or plugs back a media device as far as the page can tell: like
 * Chromium on a real unplug, the device's live tracks end (`ended`), enumerateDevices() no longer
 * lists it, and `devicechange` fires. Tracks of the local preview are the ones ended.
 */
export async function setDevicePlugged(page: Page, deviceId: string, plugged: boolean) {
  await page.evaluate(
    ({ id, plugged }) => {
      const media = navigator.mediaDevices;
      const w = window as unknown as { __unplugged?: Set<string> };
      if (!w.__unplugged) {
        const unplugged = (w.__unplugged = new Set<string>());
        const list = media.enumerateDevices.bind(media);
        media.enumerateDevices = async () =>
          (await list()).filter((d) => !unplugged.has(d.deviceId));
      }
      if (plugged) {
        w.__unplugged.delete(id);
      } else {
        w.__unplugged.add(id);
        const preview = document.querySelector<HTMLVideoElement>('[data-testid="local-video"]');
        const tracks = (preview?.srcObject as MediaStream | null)?.getTracks() ?? [];
        for (const track of tracks.filter((t) => t.getSettings().deviceId === id)) {
          // stop() alone fires no event; the browser's own end of a track does.
          track.stop();
          track.dispatchEvent(new Event('ended'));
        }
      }
      media.dispatchEvent(new Event('devicechange'));
    },
    { id: deviceId, plugged },
  );
}

/** The next screen-share pickers are cancelled by the user: getDisplayMedia rejects. */
export async function refuseScreenShare(page: Page) {
  await page.evaluate(() => {
    const media = navigator.mediaDevices;
    const w = window as unknown as { __getDisplayMedia?: MediaDevices['getDisplayMedia'] };
    w.__getDisplayMedia ??= media.getDisplayMedia.bind(media);
    media.getDisplayMedia = () =>
      Promise.reject(new DOMException('Permission denied by user', 'NotAllowedError'));
  });
}

/** The screen-share picker works again (undoes refuseScreenShare). */
export async function allowScreenShare(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as { __getDisplayMedia?: MediaDevices['getDisplayMedia'] };
    if (w.__getDisplayMedia) navigator.mediaDevices.getDisplayMedia = w.__getDisplayMedia;
  });
}
