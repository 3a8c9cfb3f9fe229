// A few seconds of speech-like sound as a WAV file, for Chromium's fake microphone
// (--use-file-for-fake-audio-capture): its default beep is silent most of the time, a real
// microphone never is, and a level meter only works as hard as its input moves.

/** 16-bit mono PCM WAV: a voiced tone with harmonics and noise, in ~4 syllables a second. */
export function speechLikeWav(seconds = 4, sampleRate = 48_000): Buffer {
  const samples = Math.round(seconds * sampleRate);
  const wav = Buffer.alloc(44 + samples * 2);
  wav.write('RIFF', 0);
  wav.writeUInt32LE(36 + samples * 2, 4);
  wav.write('WAVE', 8);
  wav.write('fmt ', 12);
  wav.writeUInt32LE(16, 16); // fmt chunk size
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(1, 22); // mono
  wav.writeUInt32LE(sampleRate, 24);
  wav.writeUInt32LE(sampleRate * 2, 28); // bytes per second
  wav.writeUInt16LE(2, 32); // bytes per frame
  wav.writeUInt16LE(16, 34); // bits per sample
  wav.write('data', 36);
  wav.writeUInt32LE(samples * 2, 40);
  // A fixed-seed generator: the same file every run.
  let seed = 1;
  const noise = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) * 2 - 1;
  for (let i = 0; i < samples; i++) {
    const t = i / sampleRate;
    const syllable = Math.max(0, Math.sin(2 * Math.PI * 4 * t)) ** 2;
    const pitch = 140 + 30 * Math.sin(2 * Math.PI * 0.5 * t);
    let voiced = 0;
    for (let h = 1; h <= 4; h++) voiced += Math.sin(2 * Math.PI * pitch * h * t) / h;
    const value = syllable * (0.25 * voiced + 0.05 * noise()) + 0.01 * noise();
    wav.writeInt16LE(Math.round(Math.max(-1, Math.min(1, value)) * 32767), 44 + i * 2);
  }
  return wav;
}
