import { useEffect, useState } from 'react';
import { watchForAnnouncements } from '../a11y/announcer';
import type { Announcement } from '../a11y/announcements';
import type { Message } from '../i18n/message';
import { useT } from '../i18n/useT';
import { callStore } from '../store/callStore';
import { chatStore } from '../store/chatStore';

interface Said {
  id: number;
  message: Message;
}
type Heard = Record<Announcement['politeness'], Said[]>;

/** A few recent lines stay in each region; each new one is a new node, so repeats are heard. */
const KEPT = 3;
let nextId = 0;

/**
 * What screen readers hear as the call changes: a polite region for its course and incoming
 * chat, an assertive one for what went wrong. Both exist from the first render (a region
 * added together with its text is not read out) and are visually hidden.
 */
export function LiveRegions() {
  const t = useT();
  const [heard, setHeard] = useState<Heard>({ polite: [], assertive: [] });
  useEffect(
    () =>
      watchForAnnouncements(callStore, chatStore, ({ politeness, message }) =>
        setHeard((old) => ({
          ...old,
          [politeness]: [...old[politeness], { id: ++nextId, message }].slice(-KEPT),
        })),
      ),
    [],
  );
  return (
    <div className="visually-hidden">
      <div data-testid="live-polite" role="status" aria-live="polite" aria-relevant="additions">
        {heard.polite.map((said) => (
          <p key={said.id}>{t(said.message)}</p>
        ))}
      </div>
      <div
        data-testid="live-assertive"
        role="alert"
        aria-live="assertive"
        aria-relevant="additions"
      >
        {heard.assertive.map((said) => (
          <p key={said.id}>{t(said.message)}</p>
        ))}
      </div>
    </div>
  );
}
