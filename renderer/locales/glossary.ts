// One term per idea, per language: Unraid's own menu names as its translated web UI shows them
// (translations.txt of the public unraid/lang-<locale> packs: Tools, Registration, Replace Key,
// Main, Apps, Previous Apps), and the wizard's own words for the stick, a drive in general, a
// back-up and the copy job. The catalogues are held to it (test/renderer/glossary.test.ts).
// Japanese has no pack to take the menu names from, so it keeps Unraid's English ones.

export interface Glossary {
  /** Unraid's menu names, exactly as its web UI shows them in this language. */
  readonly menu: {
    readonly tools: string;
    readonly registration: string;
    readonly replaceKey: string;
    readonly main: string;
    readonly apps: string;
    readonly previousApps: string;
  };
  /** Words a catalogue must not use for these ideas (a second term for the same thing, or English). */
  readonly avoid: readonly string[];
}

export const GLOSSARIES = {
  de: {
    menu: { tools: 'Werkzeuge', registration: 'Lizenz', replaceKey: 'Lizenzdatei ersetzen', main: 'Start', apps: 'Apps', previousApps: 'Vorherige Apps' },
    avoid: ['Registrierung ›', 'Schlüssel ersetzen', 'Tools →', 'Replace Key'],
  },
  fr: {
    menu: { tools: 'Outils', registration: 'Inscription', replaceKey: 'Remplacer une clé de license', main: 'Principal', apps: 'Applis', previousApps: 'Applications Précédentes' },
    avoid: ['Outils › Enregistrement', 'Outils, Enregistrement', 'Remplacer la clé', 'Tools →', 'Replace Key', 'Previous Apps'],
  },
  es: {
    menu: { tools: 'Herramientas', registration: 'Licencia', replaceKey: 'Reemplazar Licencia', main: 'Principal', apps: 'Apps', previousApps: 'Apps Instaladas Previamente' },
    avoid: ['Registro', 'Reemplazar clave', 'Tools →', 'Replace Key', 'Previous Apps'],
  },
  it: {
    menu: { tools: 'Strumenti', registration: 'Registrazione', replaceKey: 'Sostituisci Chiave', main: 'Principale', apps: 'App', previousApps: 'App precedenti' },
    avoid: ['Sostituisci chiave', 'Tools →', 'Replace Key', 'Previous Apps'],
  },
  pl: {
    menu: { tools: 'Narzędzia', registration: 'Licencja', replaceKey: 'Zastąp klucz', main: 'Główna', apps: 'Aplikacje', previousApps: 'Wcześniej używane' },
    avoid: ['Rejestracja', 'Zamień klucz', 'Tools →', 'Replace Key', 'Previous Apps'],
  },
  'pt-BR': {
    menu: { tools: 'Ferramentas', registration: 'Licença', replaceKey: 'Substituir licença', main: 'Principal', apps: 'Aplicações', previousApps: 'Apps Anteriores' },
    avoid: ['Registro', 'Substituir chave', 'Tools →', 'Replace Key', 'Previous Apps'],
  },
  nl: {
    menu: { tools: 'Gereedschap', registration: 'Registratie', replaceKey: 'Sleutel vervangen', main: 'Hoofdmenu', apps: 'Apps', previousApps: 'Vorige Apps' },
    avoid: ['Tools, ', 'Tools →', 'Replace Key', 'Previous Apps'],
  },
  'zh-CN': {
    menu: { tools: '工具', registration: '注册', replaceKey: '更换密钥', main: '主界面', apps: '应用', previousApps: '以前的应用' },
    avoid: ['Tools →', 'Replace Key', 'Previous Apps', 'Main：'],
  },
  ja: {
    menu: { tools: 'Tools', registration: 'Registration', replaceKey: 'Replace Key', main: 'Main', apps: 'Apps', previousApps: 'Previous Apps' },
    avoid: ['ツール ›', '登録：', 'Tools →'],
  },
} as const satisfies Record<string, Glossary>;

export type GlossaryLanguage = keyof typeof GLOSSARIES;

/** "Tools › Registration › Replace Key" in the language's own menu names. */
export function replaceKeyPath(language: GlossaryLanguage): string {
  const { tools, registration, replaceKey } = GLOSSARIES[language].menu;
  return `${tools} › ${registration} › ${replaceKey}`;
}
