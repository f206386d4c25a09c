// The language menu: every language named in itself; a choice applies at once, sets <html lang>
// and is remembered for the next start; the system's languages pick the start otherwise.
import { fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { LanguageMenu } from '../../renderer/components/LanguageMenu.js';
import { Stepper } from '../../renderer/components/Stepper.js';
import { HomeScreen } from '../../renderer/jobs/HomeScreen.js';
import { createI18n, startingLanguage } from '../../renderer/i18n/i18n.js';

afterEach(() => {
  localStorage.clear();
  createI18n('en');
});

describe('language menu', () => {
  it('switches the wizard’s words and remembers the choice', () => {
    createI18n('en');
    render(
      <>
        <LanguageMenu />
        <Stepper steps={[]} current="source" failedStep={null} />
        <HomeScreen onChoose={() => undefined} onDrop={() => undefined} opening={null} error={null} />
      </>,
    );
    const menu = screen.getByLabelText('Language');
    expect(screen.getByRole('option', { name: 'Deutsch' })).toBeTruthy();
    expect(screen.getByRole('option', { name: '日本語' })).toBeTruthy();
    fireEvent.change(menu, { target: { value: 'de' } });
    expect(screen.getByRole('navigation', { name: 'Schritte' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Mein Flashdatenträger ist defekt, und ich habe eine Sicherung' })).toBeTruthy();
    expect(screen.getByLabelText('Sprache')).toBeTruthy();
    expect(document.documentElement.lang).toBe('de');
    expect(startingLanguage(['ja-JP'])).toBe('de');
  });

  it('starts in the system’s language when nothing was chosen', () => {
    expect(startingLanguage(['ja-JP', 'en-US'])).toBe('ja');
    expect(startingLanguage(['sv-SE'])).toBe('en');
  });
});
