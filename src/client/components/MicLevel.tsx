import { useEffect, useRef } from 'react';
import { LevelLoop, LevelMeter } from '../rtc/levelMeter';
import { useCallStore } from '../store/callStore';
import { useT } from '../i18n/useT';
import { useMediaStore } from '../store/mediaStore';

/**
 * A live bar of how loud our microphone is, so people see they are heard. Written straight to
 * the DOM, and only when the level changes, rather than through React state (see LevelLoop).
 */
export function MicLevel({ className = 'mic-level' }: { className?: string }) {
  const t = useT();
  const stream = useCallStore((s) => s.localStream);
  const version = useMediaStore((s) => s.localTracksVersion);
  const hasMic = useMediaStore((s) => s.hasMic);
  const ref = useRef<HTMLSpanElement>(null);

  useEffect(() => {
    const track = stream?.getAudioTracks()[0];
    const bar = ref.current;
    if (!track || !bar || typeof AudioContext === 'undefined') return;
    const meter = new LevelMeter(track);
    const loop = new LevelLoop(
      meter,
      (percent) => {
        // A meter that cannot hear yet is not shown at all rather than showing silence.
        bar.hidden = percent === null;
        if (percent === null) return;
        bar.style.setProperty('--level', String(percent / 100));
        bar.setAttribute('aria-valuenow', String(percent));
      },
      document,
    );
    loop.start();
    return () => {
      loop.stop();
      meter.close();
    };
  }, [stream, version]);

  if (!hasMic) return null;
  return (
    <span
      ref={ref}
      data-testid="mic-level"
      className={className}
      role="meter"
      aria-label={t('controls.micLevel')}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={0}
    />
  );
}
