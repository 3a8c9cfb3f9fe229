import { lazy, Suspense, useState } from 'react';
import DashboardOutlined from '@ant-design/icons/es/icons/DashboardOutlined';
import { ToggleButton } from './ToggleButton';

const StatsPanel = lazy(() => import('./StatsPanel'));

/** Shows or hides the (lazy-loaded) connection statistics. */
export function StatsButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <ToggleButton
        testId="stats-button"
        label="Connection stats"
        tooltip={open ? 'Hide connection stats' : 'Connection stats'}
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
