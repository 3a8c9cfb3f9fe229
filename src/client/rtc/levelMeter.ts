// How loud the microphone is, 0..1, from a Web Audio AnalyserNode: "people can see they are heard".
import { followVisibility, type VisibilitySource } from './pageVisibility';

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
  private started = false;

  constructor(track: MediaStreamTrack) {
    // Nothing is played, so latency does not matter: the browser's largest audio buffers wake
    // its audio threads less often than the default's 10 ms ones.
    this.context = new AudioContext({ latencyHint: 'playback' });
    this.analyser = this.context.createAnalyser();
    this.analyser.fftSize = 512;
    this.buffer = new Uint8Array(this.analyser.fftSize);
    this.source = this.context.createMediaStreamSource(new MediaStream([track]));
    // Not connected to the destination: we measure, we do not play our own voice back.
    this.source.connect(this.analyser);
  }

  /** null until the audio graph first runs: till then it hears nothing, which is not silence. */
  level(): number | null {
    // Autoplay rules may start the context suspended; the next user gesture resumes it. A
    // browser with no audio output (no sound server) never starts it.
    if (this.context.state === 'suspended') void this.context.resume();
    this.started ||= this.context.state === 'running';
    if (!this.started) return null;
    this.analyser.getByteTimeDomainData(this.buffer);
    return levelOf(this.buffer);
  }

  /** Stops the audio graph until the next level() (a hidden page shows no meter). */
  pause(): void {
    if (this.context.state === 'running') void this.context.suspend();
  }

  close(): void {
    this.source.disconnect();
    void this.context.close();
  }
}

/** The level as a whole percent in steps of 5: finer steps would only repaint the bar more. */
export function levelPercent(level: number): number {
  return Math.round(Math.min(1, Math.max(0, level)) * 20) * 5;
}

export interface LevelSource {
  level(): number | null;
  pause(): void;
}

const SAMPLE_MS = 100;

/**
 * Reads a meter ten times a second while the page is visible and calls `show` with the level
 * (null: nothing can be heard yet) only when it changed: a silent or muted microphone writes
 * nothing, a hidden tab runs nothing.
 */
export class LevelLoop {
  private timer: ReturnType<typeof setInterval> | undefined;
  private shown: number | null | undefined;
  private unfollow: (() => void) | null = null;

  constructor(
    private readonly meter: LevelSource,
    private readonly show: (percent: number | null) => void,
    private readonly page: VisibilitySource,
  ) {}

  start(): void {
    this.unfollow ??= followVisibility(this.page, (visible) => {
      clearInterval(this.timer);
      this.timer = undefined;
      if (!visible) {
        this.meter.pause();
        return;
      }
      this.sample();
      this.timer = setInterval(() => this.sample(), SAMPLE_MS);
    });
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.unfollow?.();
    this.unfollow = null;
  }

  private sample(): void {
    const level = this.meter.level();
    const percent = level === null ? null : levelPercent(level);
    if (percent === this.shown) return;
    this.shown = percent;
    this.show(percent);
  }
}
