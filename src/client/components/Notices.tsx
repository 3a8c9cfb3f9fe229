import { useEffect } from 'react';
import message from 'antd/es/message';
import { useCallStore } from '../store/callStore';

/** Shows each one-off notice from the store once, as an antd message. */
export function Notices() {
  const notice = useCallStore((s) => s.notice);
  const [api, holder] = message.useMessage();
  useEffect(() => {
    if (notice)
      void api.open({ key: notice.id, type: notice.level, content: notice.text, duration: 6 });
  }, [notice, api]);
  return holder;
}
