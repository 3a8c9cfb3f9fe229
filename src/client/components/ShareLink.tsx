import Button from 'antd/es/button';
import Input from 'antd/es/input/Input';
import Space from 'antd/es/space';
import Tooltip from 'antd/es/tooltip';
import CopyOutlined from '@ant-design/icons/es/icons/CopyOutlined';
import { msg } from '../i18n/message';
import { useT } from '../i18n/useT';
import { callStore, useCallStore } from '../store/callStore';

export function inviteLink(roomId: string, origin = window.location.origin): string {
  // eslint-disable-next-line i18next/no-literal-string -- a URL, not text for the user
  return `${origin}/?room=${encodeURIComponent(roomId)}`;
}

/** Copies the room's invite link, saying whether it worked. Call it from a click. */
export async function copyInviteLink(roomId: string): Promise<void> {
  const { notify } = callStore.getState();
  try {
    await navigator.clipboard.writeText(inviteLink(roomId));
    notify('success', msg('invite.copied'));
  } catch {
    notify('warning', msg('invite.copyFailed'));
  }
}

/** The room's link with a copy button, so the other person lands in the same room. */
export function ShareLink() {
  const t = useT();
  const roomId = useCallStore((s) =>
    s.state !== 'disconnect' && s.state !== 'init' ? s.roomId : null,
  );
  if (!roomId) return null;
  return (
    <Space.Compact className="share-link">
      <Input
        data-testid="share-link"
        readOnly
        value={inviteLink(roomId)}
        aria-label={t('invite.link')}
        onFocus={(e) => e.target.select()}
      />
      <Tooltip title={t('invite.copyHint')}>
        <Button
          data-testid="copy-link-button"
          icon={<CopyOutlined />}
          onClick={() => void copyInviteLink(roomId)}
        >
          {t('invite.copy')}
        </Button>
      </Tooltip>
    </Space.Compact>
  );
}
