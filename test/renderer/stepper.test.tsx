// The step list: where the user is, what is done, and a write that did not finish.
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Stepper } from '../../renderer/components/Stepper.js';

const RESTORE = ['Backup', 'Drive', 'Options', 'Confirm', 'Write', 'Done'].map((title) => ({ id: title.toLowerCase(), title }));

describe('Stepper', () => {
  it('marks the current step for screen readers and the ones before it as done', () => {
    render(<Stepper steps={RESTORE} current="options" failedStep={null} />);
    const steps = screen.getAllByRole('listitem');
    expect(steps.map((step) => step.textContent)).toEqual(['✓Backup', '✓Drive', '3Options', '4Confirm', '5Write', '6Done']);
    expect(screen.getByRole('navigation', { name: 'Steps' }).querySelector('[aria-current="step"]')?.textContent).toBe('3Options');
  });

  it('shows any job\'s steps, a copy\'s among them', () => {
    render(<Stepper steps={[{ id: 'source', title: 'Old flash' }, { id: 'target', title: 'New drive' }]} current="target" failedStep={null} />);
    expect(screen.getAllByRole('listitem').map((step) => step.textContent)).toEqual(['✓Old flash', '2New drive']);
  });

  it('does not tick a write that failed or was stopped', () => {
    render(<Stepper steps={RESTORE} current="done" failedStep="write" />);
    const write = screen.getAllByRole('listitem')[4]!;
    expect(write.textContent).toBe('✕Write (not finished)');
    expect(write.className).toBe('failed');
  });
});
