// One term per idea, per language: Unraid's own menu names as its translated web UI shows them
// (translations.txt of the public unraid/lang-<locale> packs: Tools, Registration, Replace Key,
// Main, Apps, Previous Apps), and one word per idea the wizard speaks of: the USB flash stick, a
// drive in general, the back-up (the zip), the copy job, the restore, the licence and the server,
// taken from the packs where they have one (Flash, Disk, Backup, Restore, Registration, Server).
// Each term names the other words for the same idea a catalogue must not use. The catalogues are
// held to it (test/renderer/glossary.test.ts). Japanese has no pack (unraid/lang-ja_JP could not be
// had in s31 either), so it keeps Unraid's English menu names. Where a pack's name for the back-up
// holds another word for the stick (Polish «Kopia zapasowa pamięci flash», Chinese «闪存备份»), the
// name stays whole and the stick keeps the glossary's word everywhere else.

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
  /** The one word for each idea, and the others a catalogue must not use for it. */
  readonly terms: Readonly<Record<Idea, Term>>;
}

/** The ideas the wizard names over and over, each with one word per language. */
export type Idea = 'stick' | 'drive' | 'backup' | 'copy' | 'restore' | 'licence' | 'server';

export interface Term {
  /** The word, as a catalogue writes it (its inflected forms follow the language's grammar). */
  readonly word: string;
  /** Other words for the same idea, which no catalogue text may match (placeholders taken out). */
  readonly not: readonly RegExp[];
}

export const GLOSSARIES = {
  de: {
    menu: { tools: 'Werkzeuge', registration: 'Lizenz', replaceKey: 'Lizenzdatei ersetzen', main: 'Start', apps: 'Apps', previousApps: 'Vorherige Apps' },
    avoid: ['Registrierung ›', 'Schlüssel ersetzen', 'Tools →', 'Replace Key'],
    terms: {
      stick: { word: 'USB-Flashdatenträger, Flashdatenträger', not: [/USB-Stick|(?<!\p{L})Stick(?!\p{L})|Alter Flash(?!\p{L})|Unraid-Flash(?![\p{L}-])|Unraid-Datenträger/u] },
      drive: { word: 'Laufwerk', not: [/(?<![\p{L}-])Datenträger(?!bezeichnung)|(?<![\p{L}-])[Dd]rives?(?![\p{L}-])/u] },
      backup: { word: 'Sicherung', not: [/(?<![\p{L}-]|flash )Backup(?!\p{L})|Back-up|Reservekopie/u] },
      copy: { word: 'Kopie, kopieren', not: [/Klon/u] },
      restore: { word: 'wiederherstellen, Wiederherstellung', not: [/[Rr]estaur/u] },
      licence: { word: 'Lizenz (Lizenzdatei)', not: [/Registrierung/u] },
      server: { word: 'Server', not: [] },
    },
  },
  fr: {
    menu: { tools: 'Outils', registration: 'Inscription', replaceKey: 'Remplacer une clé de license', main: 'Principal', apps: 'Applis', previousApps: 'Applications Précédentes' },
    avoid: ['Outils › Enregistrement', 'Outils, Enregistrement', 'Remplacer la clé', 'Tools →', 'Replace Key', 'Previous Apps'],
    terms: {
      stick: { word: 'clé USB', not: [/clé flash|disque flash|clef/iu] },
      drive: { word: 'disque', not: [/(?<!\p{L})lecteur(?! de cartes)|(?<![\p{L}-])drives?(?![\p{L}-])/iu] },
      backup: { word: 'sauvegarde', not: [/copie de sauvegarde/iu] },
      copy: { word: 'copie, copier', not: [/clon/iu] },
      restore: { word: 'restaurer, restauration', not: [] },
      licence: { word: 'licence, clé de licence', not: [/clé d['’]inscription|clé d['’]activation/iu] },
      server: { word: 'serveur', not: [] },
    },
  },
  es: {
    menu: { tools: 'Herramientas', registration: 'Licencia', replaceKey: 'Reemplazar Licencia', main: 'Principal', apps: 'Apps', previousApps: 'Apps Instaladas Previamente' },
    avoid: ['Registro', 'Reemplazar clave', 'Tools →', 'Replace Key', 'Previous Apps'],
    terms: {
      stick: { word: 'memoria USB, memoria Flash', not: [/pendrive|llave USB|lápiz USB|dispositivo Flash|(?<!memoria )(?<!\p{L})Flash (antigua|nueva)|(la|una|esta|como) flash|etiquetas? Flash/iu] },
      drive: { word: 'unidad', not: [/(?<!\p{L})disco USB|(?<![\p{L}-])drives?(?![\p{L}-])/iu] },
      backup: { word: 'copia de seguridad', not: [/(?<!\p{L})(?<!se )copias?(?! de seguridad)(?! de la FAT)(?!\p{L})/iu] },
      copy: { word: 'copiar (the copy job is named by the verb: a bare «copia» would be the back-up)', not: [/clonación|clonar/iu] },
      restore: { word: 'restaurar, restauración', not: [] },
      licence: { word: 'licencia', not: [] },
      server: { word: 'servidor', not: [] },
    },
  },
  it: {
    menu: { tools: 'Strumenti', registration: 'Registrazione', replaceKey: 'Sostituisci Chiave', main: 'Principale', apps: 'App', previousApps: 'App precedenti' },
    avoid: ['Sostituisci chiave', 'Tools →', 'Replace Key', 'Previous Apps'],
    terms: {
      stick: { word: 'unità flash USB, unità flash', not: [/chiavetta|pendrive|penna USB|(?<!unità |Backup )(?<!\p{L})flash (di )?Unraid|vecchia flash|etichett[ae] Flash/iu] },
      drive: { word: 'unità', not: [/(?<!\p{L})disco USB|(?<![\p{L}-])drives?(?![\p{L}-])/iu] },
      backup: { word: 'backup', not: [/copia di (backup|sicurezza)|back-up/iu] },
      copy: { word: 'copia, copiare', not: [/clon/iu] },
      restore: { word: 'ripristinare, ripristino', not: [/restaur/iu] },
      licence: { word: 'licenza', not: [] },
      server: { word: 'server', not: [] },
    },
  },
  pl: {
    menu: { tools: 'Narzędzia', registration: 'Licencja', replaceKey: 'Zastąp klucz', main: 'Główna', apps: 'Aplikacje', previousApps: 'Wcześniej używane' },
    avoid: ['Rejestracja', 'Zamień klucz', 'Tools →', 'Replace Key', 'Previous Apps'],
    terms: {
      stick: { word: 'pendrive', not: [/nośnik/iu, /(?<!kopi\p{L}* zapasow\p{L}* )pamię\p{L}* flash/iu, /urządzeni\p{L}* flash/iu] },
      drive: { word: 'dysk', not: [/napęd|(?<![\p{L}-])drive(?![\p{L}-])/iu] },
      backup: { word: 'kopia zapasowa', not: [/(?<!\p{L})kopi[aięą](?!\p{L})(?! zapasow)/iu, /(?<![\p{L}:-]|flash )backup(?![:\p{L}-])/iu] },
      copy: { word: 'kopiowanie, skopiować', not: [/klonowa/iu] },
      restore: { word: 'przywracanie, przywrócić', not: [/odtw[oa]rz/iu] },
      licence: { word: 'licencja', not: [/rejestracj/iu] },
      server: { word: 'serwer', not: [] },
    },
  },
  'pt-BR': {
    menu: { tools: 'Ferramentas', registration: 'Licença', replaceKey: 'Substituir licença', main: 'Principal', apps: 'Aplicações', previousApps: 'Apps Anteriores' },
    avoid: ['Registro', 'Substituir chave', 'Tools →', 'Replace Key', 'Previous Apps'],
    terms: {
      stick: { word: 'pendrive', not: [/(?<!Backup )pen drive|unidade flash|dispositivo flash|(?<!\p{L})(um|o|do) flash(?![\p{L}-])(?! Creator)/iu] },
      drive: { word: 'unidade', not: [/(?<!\p{L})disco USB|(?<![\p{L}-])(?<!Pen )drives?(?![\p{L}-])/iu] },
      backup: { word: 'backup', not: [/cópia de segurança|back-up/iu] },
      copy: { word: 'cópia, copiar', not: [/clon/iu] },
      restore: { word: 'restaurar, restauração', not: [] },
      licence: { word: 'licença', not: [] },
      server: { word: 'servidor', not: [] },
    },
  },
  nl: {
    menu: { tools: 'Gereedschap', registration: 'Registratie', replaceKey: 'Sleutel vervangen', main: 'Hoofdmenu', apps: 'Apps', previousApps: 'Vorige Apps' },
    avoid: ['Tools, ', 'Tools →', 'Replace Key', 'Previous Apps'],
    terms: {
      stick: { word: 'USB-stick, stick', not: [/flashstick|flashdrive|Unraid-flash(?![\p{L}-])|flash-label/iu, /(?<![\p{L}-]|Generate |› )flash(?![\p{L}-])(?! Creator| ›)/iu] },
      drive: { word: 'schijf', not: [/(?<![\p{L}-])drive|(?<!\p{L})opslag(?!\p{L})/iu] },
      backup: { word: 'back-up', not: [/reservekopie/iu, /(?<![\p{L}:-]|flash[ -])backup(?![:\p{L}-])/iu] },
      copy: { word: 'kopie, kopiëren', not: [/kloon|klonen/iu] },
      restore: { word: 'herstellen (terugzetten is going back to an older Unraid release)', not: [/(back-up|zip)\p{L}* (\p{L}+ )*terugzet/iu] },
      licence: { word: 'licentie (licentiesleutel)', not: [] },
      server: { word: 'server', not: [] },
    },
  },
  'zh-CN': {
    menu: { tools: '工具', registration: '注册', replaceKey: '更换密钥', main: '主界面', apps: '应用', previousApps: '以前的应用' },
    avoid: ['Tools →', 'Replace Key', 'Previous Apps', 'Main：'],
    terms: {
      stick: { word: 'U 盘', not: [/闪存盘|优盘|U盘|闪存(?!备份)/u] },
      drive: { word: '驱动器', not: [/磁盘驱动器|移动硬盘/u] },
      backup: { word: '备份', not: [] },
      copy: { word: '复制', not: [/拷贝|克隆/u] },
      restore: { word: '恢复', not: [/还原/u] },
      licence: { word: '许可证', not: [/授权|许可密钥/u] },
      server: { word: '服务器', not: [] },
    },
  },
  ja: {
    menu: { tools: 'Tools', registration: 'Registration', replaceKey: 'Replace Key', main: 'Main', apps: 'Apps', previousApps: 'Previous Apps' },
    avoid: ['ツール ›', '登録：', 'Tools →'],
    terms: {
      stick: { word: 'USBフラッシュドライブ、フラッシュドライブ', not: [/USBメモリ|スティック|フラッシュ(?!ドライブ|バックアップ)/u] },
      drive: { word: 'ドライブ', not: [/ディスクドライブ/u] },
      backup: { word: 'バックアップ', not: [] },
      copy: { word: 'コピー', not: [/複製|クローン/u] },
      restore: { word: '復元', not: [/リストア/u] },
      licence: { word: 'ライセンス', not: [] },
      server: { word: 'サーバー', not: [/サーバ(?!ー)/u] },
    },
  },
} as const satisfies Record<string, Glossary>;

export type GlossaryLanguage = keyof typeof GLOSSARIES;

/** "Tools › Registration › Replace Key" in the language's own menu names. */
export function replaceKeyPath(language: GlossaryLanguage): string {
  const { tools, registration, replaceKey } = GLOSSARIES[language].menu;
  return `${tools} › ${registration} › ${replaceKey}`;
}
