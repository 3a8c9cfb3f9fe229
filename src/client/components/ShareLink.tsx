import Button from 'antd/es/button';
import Input from 'antd/es/input';
import Space from 'antd/es/space';
import Tooltip from 'antd/es/tooltip';
import CopyOutlined from '@ant-design/icons/es/icons/CopyOutlined';
import { callStore, useCallStore } from '../store/callStore';

export function inviteLink(roomId: string, origin = window.location.origin): string {
  return `${origin}/?room=${encodeURIComponent(roomId)}`;
}

/** The room's link with a copy button, so the other person lands in the same room. */
export function ShareLink() {
  const roomId = useCallStore((s) =>
    s.state !== 'disconnect' && s.state !== 'init' ? s.roomId : null,
  );
  if (!roomId) return null;
  const link = inviteLink(roomId);
  const copy = async () => {
    const { notify } = callStore.getState();
    try {
      await navigator.clipboard.writeText(link);
      notify('success', 'Invite link copied: send it to the person you want to call.');
    } catch {
      notify(
        'warning',
        'Could not copy (the browser refused). Select the link and copy it by hand.',
      );
    }
  };
  return (
    <Space.Compact className="share-link">
      <Input
        data-testid="share-link"
        readOnly
        value={link}
        aria-label="Invite link"
        onFocus={(e) => e.target.select()}
      />
      <Tooltip title="Copy the invite link">
        <Button data-testid="copy-link-button" icon={<CopyOutlined />} onClick={() => void copy()}>
          Copy link
        </Button>
      </Tooltip>
    </Space.Compact>
  );
}
