import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ConfirmDialog } from './confirm-dialog';

function renderDialog() {
  const onConfirm = vi.fn();
  const onCancel = vi.fn();
  render(
    <ConfirmDialog
      title="Xoá dữ liệu của hộ này?"
      confirmLabel="Xoá vĩnh viễn"
      cancelLabel="Huỷ"
      danger
      onConfirm={onConfirm}
      onCancel={onCancel}
    >
      <p>Không thể hoàn tác.</p>
    </ConfirmDialog>,
  );
  return { onConfirm, onCancel };
}

describe('ConfirmDialog', () => {
  it('is an alert dialog named by its title, with the safe answer focused', () => {
    renderDialog();
    expect(screen.getByRole('alertdialog', { name: 'Xoá dữ liệu của hộ này?' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Huỷ' })).toHaveFocus();
  });

  it('confirms only on the confirm button', () => {
    const { onConfirm, onCancel } = renderDialog();
    fireEvent.click(screen.getByRole('button', { name: 'Xoá vĩnh viễn' }));
    expect(onConfirm).toHaveBeenCalledTimes(1);
    expect(onCancel).not.toHaveBeenCalled();
  });

  it('cancels on Escape and on a tap outside the dialog', () => {
    const { onConfirm, onCancel } = renderDialog();
    fireEvent.keyDown(screen.getByRole('alertdialog'), { key: 'Escape' });
    fireEvent.click(screen.getByRole('alertdialog').parentElement!);
    expect(onCancel).toHaveBeenCalledTimes(2);
    expect(onConfirm).not.toHaveBeenCalled();
  });
});
