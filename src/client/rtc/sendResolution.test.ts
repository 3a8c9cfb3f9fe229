import { describe, expect, it } from 'vitest';
import { MIN_SENT_WIDTH, sendScale, shownWidth } from './sendResolution';

const hd = { width: 1280, height: 720 };

describe('shownWidth', () => {
  it('fits the frame into the box as object-fit: contain does', () => {
    expect(shownWidth(hd, { width: 1066, height: 390 })).toBeCloseTo(693.33);
    expect(shownWidth(hd, { width: 355, height: 473 })).toBe(355);
  });
});

describe('sendScale', () => {
  it('sends the full size when the box is as big as the camera, or bigger, or unknown', () => {
    expect(sendScale(hd, { width: 1280, height: 720 })).toBe(1);
    expect(sendScale(hd, { width: 2560, height: 1440 })).toBe(1);
    expect(sendScale(hd, null)).toBe(1);
    expect(sendScale(null, { width: 100, height: 100 })).toBe(1);
  });

  it('takes the largest step that still sends at least what is shown', () => {
    // Shown 693 px wide in a 1066 × 390 box: 1.5 (853 px) covers it, 2 (640 px) would not.
    expect(sendScale(hd, { width: 1066, height: 390 })).toBe(1.5);
    expect(sendScale(hd, { width: 640, height: 360 })).toBe(2);
    expect(sendScale(hd, { width: 639, height: 359 })).toBe(2);
    expect(sendScale(hd, { width: 641, height: 361 })).toBe(1.5);
  });

  it('never goes below the smallest width, also for a side that shows nothing', () => {
    expect(1280 / sendScale(hd, { width: 0, height: 0 })).toBe(MIN_SENT_WIDTH);
    expect(1280 / sendScale(hd, { width: 90, height: 50 })).toBe(MIN_SENT_WIDTH);
    expect(sendScale({ width: 320, height: 240 }, { width: 0, height: 0 })).toBe(1);
  });

  it('sends no wider than a cap, whatever the box', () => {
    expect(sendScale(hd, { width: 1280, height: 720 }, 640)).toBe(2);
    expect(sendScale(hd, null, 640)).toBe(2);
    expect(sendScale(hd, null, 700)).toBe(2);
    expect(sendScale(hd, { width: 1066, height: 390 }, 900)).toBe(1.5);
    // A box smaller than the cap keeps its own, smaller size.
    expect(sendScale(hd, { width: 400, height: 225 }, 640)).toBe(3);
    // A camera already narrower than the cap is sent whole.
    expect(sendScale({ width: 640, height: 480 }, null, 640)).toBe(1);
    expect(sendScale(hd, null, 10)).toBe(8);
  });

  it('sizes a screen share the same way, by its own shape', () => {
    expect(sendScale({ width: 1920, height: 1200 }, { width: 960, height: 540 })).toBe(2);
  });
});
