import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ChoiceGroup } from './choice-group';

const choices = [
  { value: 'given', label: 'Hộ đồng ý' },
  { value: 'declined', label: 'Hộ không đồng ý' },
];

describe('ChoiceGroup', () => {
  it('shows each choice as a radio button, none checked until one is chosen', () => {
    render(<ChoiceGroup legend="Hộ có đồng ý không?" choices={choices} value={null} onChange={() => undefined} />);
    const radios = screen.getAllByRole('radio');
    expect(radios.map((radio) => radio.textContent)).toEqual(['Hộ đồng ý', 'Hộ không đồng ý']);
    expect(radios.map((radio) => radio.getAttribute('aria-checked'))).toEqual(['false', 'false']);
  });

  it('marks the chosen value and reports a tap', () => {
    const onChange = vi.fn();
    render(<ChoiceGroup legend="Hộ có đồng ý không?" choices={choices} value="declined" onChange={onChange} />);
    expect(screen.getByRole('radio', { name: 'Hộ không đồng ý' })).toHaveAttribute('aria-checked', 'true');
    fireEvent.click(screen.getByRole('radio', { name: 'Hộ đồng ý' }));
    expect(onChange).toHaveBeenCalledWith('given');
  });

  it('announces an error', () => {
    render(<ChoiceGroup legend="Kết quả" choices={choices} value={null} onChange={() => undefined} error="Vui lòng chọn." />);
    expect(screen.getByRole('alert')).toHaveTextContent('Vui lòng chọn.');
  });

  it('names the radio group by its legend, for screen readers', () => {
    // The group is labelled with aria-labelledby="legend-<legend text>"; the spaces in the text split it into several ids.
    render(<ChoiceGroup legend="Hộ có đồng ý không?" choices={choices} value={null} onChange={() => undefined} />);
    expect(screen.getByRole('radiogroup')).toHaveAccessibleName('Hộ có đồng ý không?');
  });
});
