import { lazy, Suspense, useState } from 'react';
import DashboardOutlined from '@ant-design/icons/es/icons/DashboardOutlined';
import { useT } from '../i18n/useT';
import { ToggleButton } from './ToggleButton';

const StatsPanel = lazy(() => import('./StatsPanel'));

/** Shows or hides the (lazy-loaded) connection statistics. */
export function StatsButton() {
  const t = useT();
  const [open, setOpen] = useState(false);
  return (
    <>
      <ToggleButton
        testId="stats-button"
        label={t('stats.button')}
        tooltip={open ? t('stats.hide') : t('stats.button')}
        pressed={open}
        fillWhenPressed
        icon={<DashboardOutlined />}
        onClick={() => setOpen(!open)}
      />
      {open && (
        <Suspense fallback={null}>
          <StatsPanel onClose={() => setOpen(false)} />
        </Suspense>
      )}
    </>
  );
}
