import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ChecklistItem, type ChecklistValueOption } from './checklist-item';

const options: ChecklistValueOption[] = [
  { id: 'unknown', kind: 'unknown', label: 'Chưa kiểm tra' },
  { id: 'in_progress', kind: 'in_progress', label: 'Đang hỗ trợ' },
  { id: 'done', kind: 'done', label: 'Đạt' },
];

function renderItem(value: string, onChange = vi.fn()) {
  render(
    <ul>
      <ChecklistItem label="Nhóm Zalo" options={options} value={value} quickValue="done" quickLabel="Đạt" onChange={onChange} />
    </ul>,
  );
  return onChange;
}

describe('ChecklistItem', () => {
  it('offers "Đạt" in one tap while the item is open', () => {
    const onChange = renderItem('unknown');
    fireEvent.click(screen.getByRole('button', { name: 'Đạt: Nhóm Zalo' }));
    expect(onChange).toHaveBeenCalledWith('done');
  });

  it('offers no one-tap button once the item is done', () => {
    renderItem('done');
    expect(screen.queryByRole('button', { name: 'Đạt: Nhóm Zalo' })).not.toBeInTheDocument();
  });

  it('shows the current answer, and every answer when the label is tapped', () => {
    const onChange = renderItem('in_progress');
    const label = screen.getByRole('button', { name: /^Nhóm Zalo/ });
    expect(label).toHaveTextContent('Đang hỗ trợ');
    expect(label).toHaveAttribute('aria-expanded', 'false');
    fireEvent.click(label);
    expect(screen.getByRole('radio', { name: 'Đang hỗ trợ' })).toHaveAttribute('aria-checked', 'true');
    fireEvent.click(screen.getByRole('radio', { name: 'Chưa kiểm tra' }));
    expect(onChange).toHaveBeenCalledWith('unknown');
    expect(screen.queryByRole('radio')).not.toBeInTheDocument();
  });
});
