import { describe, expect, it } from 'vitest';
import { speechLikeWav } from './speechLikeWav.ts';

describe('speechLikeWav', () => {
  it('is a 16-bit mono PCM WAV of the length asked for, the same every time', () => {
    const wav = speechLikeWav(0.5, 8000);
    expect(wav.toString('ascii', 0, 4)).toBe('RIFF');
    expect(wav.toString('ascii', 8, 12)).toBe('WAVE');
    expect(wav.readUInt16LE(20)).toBe(1);
    expect(wav.readUInt16LE(22)).toBe(1);
    expect(wav.readUInt32LE(24)).toBe(8000);
    expect(wav.readUInt16LE(34)).toBe(16);
    expect(wav.readUInt32LE(40)).toBe(4000 * 2);
    expect(wav.length).toBe(44 + 8000);
    expect(speechLikeWav(0.5, 8000).equals(wav)).toBe(true);
  });

  it('is loud in syllables and quiet between them, as speech is', () => {
    const rate = 8000;
    const wav = speechLikeWav(1, rate);
    const rms = (from: number, to: number) => {
      let sum = 0;
      for (let i = from; i < to; i++) sum += (wav.readInt16LE(44 + i * 2) / 32768) ** 2;
      return Math.sqrt(sum / (to - from));
    };
    // Syllables peak at 1/16 s and pause at 3/16 s (4 a second).
    const peak = rms(Math.round(rate * 0.05), Math.round(rate * 0.075));
    const pause = rms(Math.round(rate * 0.18), Math.round(rate * 0.2));
    expect(peak).toBeGreaterThan(0.1);
    expect(pause).toBeLessThan(0.03);
  });
});
