// How loud the microphone is, 0..1, from a Web Audio AnalyserNode: "people can see they are heard".

/** Root mean square of time-domain samples (bytes centred on 128), scaled so speech reads ~0.3–1. */
export function levelOf(samples: Uint8Array): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (const byte of samples) {
    const centred = (byte - 128) / 128;
    sum += centred * centred;
  }
  return Math.min(1, Math.sqrt(sum / samples.length) * 4);
}

export class LevelMeter {
  private readonly context: AudioContext;
  private readonly analyser: AnalyserNode;
  private readonly source: MediaStreamAudioSourceNode;
  private readonly buffer: Uint8Array<ArrayBuffer>;

  constructor(track: MediaStreamTrack) {
    this.context = new AudioContext();
    this.analyser = this.context.createAnalyser();
    this.analyser.fftSize = 512;
    this.buffer = new Uint8Array(this.analyser.fftSize);
    this.source = this.context.createMediaStreamSource(new MediaStream([track]));
    // Not connected to the destination: we measure, we do not play our own voice back.
    this.source.connect(this.analyser);
  }

  level(): number {
    // Autoplay rules may start the context suspended; the next user gesture resumes it.
    if (this.context.state === 'suspended') void this.context.resume();
    this.analyser.getByteTimeDomainData(this.buffer);
    return levelOf(this.buffer);
  }

  close(): void {
    this.source.disconnect();
    void this.context.close();
  }
}
