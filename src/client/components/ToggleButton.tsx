import type { ReactNode } from 'react';
import Button from 'antd/es/button';
import Tooltip from 'antd/es/tooltip';

interface Props {
  testId: string;
  /** The accessible name: what the button switches ("Microphone"). */
  label: string;
  tooltip: ReactNode;
  pressed: boolean;
  icon: ReactNode;
  onClick(): void;
  disabled?: boolean;
  /** Red: something is off that people usually want on (muted mic). */
  danger?: boolean;
  /** Filled while pressed (a panel is open, the screen is shared). */
  fillWhenPressed?: boolean;
  className?: string;
  /** Drawn over the button (level meter, unread count). */
  children?: ReactNode;
}

/** A round toolbar button that switches something on and off; `aria-pressed` says which. */
export function ToggleButton(props: Props) {
  return (
    <Tooltip title={props.tooltip}>
      <span className="toggle-wrap">
        <Button
          data-testid={props.testId}
          aria-label={props.label}
          aria-pressed={props.pressed}
          shape="circle"
          size="large"
          type={props.fillWhenPressed && props.pressed ? 'primary' : 'default'}
          className={props.className}
          danger={props.danger}
          disabled={props.disabled}
          icon={props.icon}
          onClick={props.onClick}
        />
        {props.children}
      </span>
    </Tooltip>
  );
}
