import { useEffect, useRef } from 'react';
import { LevelMeter } from '../rtc/levelMeter';
import { useCallStore } from '../store/callStore';
import { useT } from '../i18n/useT';
import { useMediaStore } from '../store/mediaStore';

const SAMPLE_MS = 100;

/**
 * A live bar of how loud our microphone is, so people see they are heard. Written straight to
 * the DOM ten times a second rather than through React state.
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
    const timer = setInterval(() => {
      const percent = Math.round(meter.level() * 100);
      bar.style.setProperty('--level', `${percent}%`);
      bar.setAttribute('aria-valuenow', String(percent));
    }, SAMPLE_MS);
    return () => {
      clearInterval(timer);
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
