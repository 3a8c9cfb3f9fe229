import { describe, expect, it } from 'vitest';
import { parseMediaState } from './MediaControls';

describe('parseMediaState', () => {
  it('accepts what a duet peer sends', () => {
    expect(parseMediaState({ audio: false, video: true, screen: true })).toEqual({
      audio: false,
      video: true,
      screen: true,
    });
  });
  it('reads a missing or odd `screen` as not sharing', () => {
    expect(parseMediaState({ audio: true, video: true })).toEqual({
      audio: true,
      video: true,
      screen: false,
    });
    expect(parseMediaState({ audio: true, video: true, screen: 'yes' })).toMatchObject({
      screen: false,
    });
  });
  it.each([null, undefined, 'muted', 1, {}, { audio: 'false', video: true }, { audio: true }])(
    'refuses %j',
    (value) => {
      expect(parseMediaState(value)).toBeNull();
    },
  );
});
