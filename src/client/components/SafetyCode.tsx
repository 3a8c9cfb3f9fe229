import Tag from 'antd/es/tag';
import SafetyOutlined from '@ant-design/icons/es/icons/SafetyOutlined';
import { useT } from '../i18n/useT';
import { useCallStore } from '../store/callStore';

/** The connected call's safety code, for the two people to compare by voice. */
export function SafetyCode() {
  const t = useT();
  const code = useCallStore((s) => (s.state === 'connected' ? s.safetyCode : null));
  if (code === null) return null;
  return (
    <Tag className="safety-code" icon={<SafetyOutlined />} title={t('safety.hint')}>
      {t('safety.label')} <span data-testid="safety-code">{code}</span>
    </Tag>
  );
}
