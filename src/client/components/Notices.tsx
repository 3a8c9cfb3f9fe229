import { useEffect, useRef } from 'react';
import message from 'antd/es/message';
import { useT } from '../i18n/useT';
import { useCallStore } from '../store/callStore';

/**
 * The live regions (LiveRegions.tsx) read notices out; the toast, role="alert" by default, would
 * say each a second time. antd passes `role` on to the toast though its types do not list it.
 */
const QUIET_TOAST: Record<string, string> = { role: 'presentation' };

/** Shows each one-off notice from the store once, as an antd message. */
export function Notices() {
  const t = useT();
  const notice = useCallStore((s) => s.notice);
  const [api, holder] = message.useMessage();
  const shown = useRef<number | null>(null);
  const open = useRef<number | null>(null);
  useEffect(() => {
    if (!notice) return;
    // A new notice opens; one still on screen is re-worded in place when the language changes.
    if (notice.id === shown.current && notice.id !== open.current) return;
    shown.current = open.current = notice.id;
    void api.open({
      ...QUIET_TOAST,
      key: notice.id,
      type: notice.level,
      content: t(notice.text),
      duration: 6,
      onClose: () => {
        if (open.current === notice.id) open.current = null;
      },
    });
  }, [notice, api, t]);
  return holder;
}
