// Each component test starts from an empty document, with the wizard's words in English.
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';
import { createI18n } from '../../renderer/i18n/i18n.js';

createI18n('en');

afterEach(cleanup);
