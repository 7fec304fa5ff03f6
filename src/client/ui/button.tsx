import type { ComponentProps } from 'react';

export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'danger-primary' | 'ghost';

const VARIANT_CLASSES: Record<ButtonVariant, string> = {
  primary: 'button button-primary',
  secondary: 'button',
  danger: 'button button-danger',
  'danger-primary': 'button button-danger button-primary',
  ghost: 'button button-ghost',
};

export function Button({
  variant = 'secondary',
  block = false,
  className,
  type = 'button',
  ...rest
}: ComponentProps<'button'> & { variant?: ButtonVariant; block?: boolean }) {
  const classes = [VARIANT_CLASSES[variant], block ? 'button-block' : '', className ?? ''].join(' ').trim();
  return <button type={type} className={classes} {...rest} />;
}
