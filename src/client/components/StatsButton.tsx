import { lazy, Suspense, useState } from 'react';
import Button from 'antd/es/button';
import Tooltip from 'antd/es/tooltip';
import DashboardOutlined from '@ant-design/icons/es/icons/DashboardOutlined';

const StatsPanel = lazy(() => import('./StatsPanel'));

/** Shows or hides the (lazy-loaded) connection statistics. */
export function StatsButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Tooltip title={open ? 'Hide connection stats' : 'Connection stats'}>
        <Button
          data-testid="stats-button"
          aria-label="Connection stats"
          aria-pressed={open}
          shape="circle"
          size="large"
          type={open ? 'primary' : 'default'}
          icon={<DashboardOutlined />}
          onClick={() => setOpen(!open)}
        />
      </Tooltip>
      {open && (
        <Suspense fallback={null}>
          <StatsPanel onClose={() => setOpen(false)} />
        </Suspense>
      )}
    </>
  );
}
