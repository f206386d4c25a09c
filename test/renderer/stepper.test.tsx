// The step list: where the user is, what is done, and a write that did not finish.
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Stepper } from '../../renderer/components/Stepper.js';

describe('Stepper', () => {
  it('marks the current step for screen readers and the ones before it as done', () => {
    render(<Stepper current="options" writeFailed={false} />);
    const steps = screen.getAllByRole('listitem');
    expect(steps.map((step) => step.textContent)).toEqual(['✓Backup', '✓Drive', '3Options', '4Confirm', '5Write', '6Done']);
    expect(screen.getByRole('navigation', { name: 'Steps' }).querySelector('[aria-current="step"]')?.textContent).toBe('3Options');
  });

  it('does not tick a write that failed or was stopped', () => {
    render(<Stepper current="done" writeFailed={true} />);
    const write = screen.getAllByRole('listitem')[4]!;
    expect(write.textContent).toBe('✕Write (not finished)');
    expect(write.className).toBe('failed');
  });
});
