// What the main process itself says, in the language the user chose in the wizard: the questions
// before quitting during a job, the system notification at the end of a long write, and the titles,
// buttons and filters of its save and open dialogs. Main cannot reach the renderer's catalogues,
// so these few sentences live here, where both layers can.
// Menu names and register follow each catalogue of renderer/locales (German Sie, French vous).

export interface DesktopWords {
  readonly quitWrite: { readonly keep: string; readonly quit: string; readonly title: string; readonly message: string; readonly detail: string };
  readonly quitBackup: { readonly keep: string; readonly quit: string; readonly title: string; readonly message: string; readonly detail: string };
  /** {{drive}}: the drive's name as the wizard shows it. */
  readonly ready: { readonly title: string; readonly body: string };
  readonly failed: { readonly title: string; readonly body: string; /** When the drive may hold an incomplete copy. */ readonly unsafe: string };
  /** The save dialog of a back-up: its title, its button, and the name of its zip filter. */
  readonly saveBackup: { readonly title: string; readonly button: string; readonly zips: string };
  /** The open dialog for a backup zip to restore; `all` names the filter that shows every file. */
  readonly chooseBackup: { readonly title: string; readonly button: string; readonly zips: string; readonly all: string };
}

export const DESKTOP_WORDS = {
  en: {
    quitWrite: { keep: 'Keep writing', quit: 'Quit anyway', title: 'A drive is being written', message: 'Quit while the drive is being written?', detail: 'The drive will be left blank (no partition table) and will not boot until you write it again.' },
    quitBackup: { keep: 'Keep backing up', quit: 'Quit anyway', title: 'A flash drive is being backed up', message: 'Quit while the flash drive is being backed up?', detail: 'The back-up stops and no zip is left behind. The flash drive is only read, so nothing on it changes.' },
    ready: { title: 'The new flash drive is ready', body: '{{drive}} is written and verified. Open Flash Creator for what to do after the first boot.' },
    failed: { title: 'The flash drive was not written', body: '{{drive}} was not written. Open Flash Creator to see why and what to do.', unsafe: '{{drive}} was not written and may hold an incomplete copy: do not boot from it. Open Flash Creator to see why and what to do.' },
    saveBackup: { title: 'Save the flash backup', button: 'Save', zips: 'Flash backup (zip)' },
    chooseBackup: { title: 'Choose the flash backup zip', button: 'Choose', zips: 'Flash backup (zip)', all: 'All files' },
  },
  de: {
    quitWrite: { keep: 'Weiter schreiben', quit: 'Trotzdem beenden', title: 'Ein Laufwerk wird beschrieben', message: 'Beenden, während das Laufwerk beschrieben wird?', detail: 'Das Laufwerk bleibt leer (ohne Partitionstabelle) und startet nicht, bis Sie es erneut beschreiben.' },
    quitBackup: { keep: 'Weiter sichern', quit: 'Trotzdem beenden', title: 'Ein Flashdatenträger wird gesichert', message: 'Beenden, während der Flashdatenträger gesichert wird?', detail: 'Die Sicherung bricht ab, und es bleibt keine ZIP-Datei zurück. Der Flashdatenträger wird nur gelesen, an ihm ändert sich nichts.' },
    ready: { title: 'Der neue Flashdatenträger ist bereit', body: '{{drive}} ist beschrieben und geprüft. Öffnen Sie Flash Creator, um zu sehen, was nach dem ersten Start zu tun ist.' },
    failed: { title: 'Das Schreiben des Flashdatenträgers ist fehlgeschlagen', body: 'Das Schreiben auf {{drive}} ist fehlgeschlagen. Öffnen Sie Flash Creator, um den Grund und das weitere Vorgehen zu sehen.', unsafe: 'Das Schreiben auf {{drive}} ist fehlgeschlagen, und er enthält womöglich eine unvollständige Kopie: Starten Sie nicht davon. Öffnen Sie Flash Creator, um den Grund und das weitere Vorgehen zu sehen.' },
    saveBackup: { title: 'Flash-Sicherung speichern', button: 'Speichern', zips: 'Flash-Sicherung (ZIP)' },
    chooseBackup: { title: 'ZIP-Datei der Flash-Sicherung auswählen', button: 'Auswählen', zips: 'Flash-Sicherung (ZIP)', all: 'Alle Dateien' },
  },
  fr: {
    quitWrite: { keep: 'Continuer l’écriture', quit: 'Quitter quand même', title: 'Une clé est en cours d’écriture', message: 'Quitter pendant l’écriture de la clé ?', detail: 'La clé restera vide (sans table de partitions) et ne démarrera pas tant que vous ne l’aurez pas réécrite.' },
    quitBackup: { keep: 'Continuer la sauvegarde', quit: 'Quitter quand même', title: 'Une clé USB est en cours de sauvegarde', message: 'Quitter pendant la sauvegarde de la clé USB ?', detail: 'La sauvegarde s’arrête et aucun zip n’est laissé. La clé USB est seulement lue : rien n’y change.' },
    ready: { title: 'La nouvelle clé USB est prête', body: 'La clé {{drive}} est écrite et vérifiée. Ouvrez Flash Creator pour savoir quoi faire après le premier démarrage.' },
    failed: { title: 'L’écriture de la clé USB a échoué', body: 'L’écriture de la clé {{drive}} a échoué. Ouvrez Flash Creator pour savoir pourquoi et quoi faire.', unsafe: 'L’écriture de la clé {{drive}} a échoué et elle est peut-être à moitié écrite : ne démarrez pas dessus. Ouvrez Flash Creator pour savoir pourquoi et quoi faire.' },
    saveBackup: { title: 'Enregistrer la sauvegarde de la clé USB', button: 'Enregistrer', zips: 'Sauvegarde de clé USB (zip)' },
    chooseBackup: { title: 'Choisir le zip de sauvegarde de la clé USB', button: 'Choisir', zips: 'Sauvegarde de clé USB (zip)', all: 'Tous les fichiers' },
  },
  es: {
    quitWrite: { keep: 'Seguir escribiendo', quit: 'Salir de todos modos', title: 'Se está escribiendo una unidad', message: '¿Salir mientras se escribe la unidad?', detail: 'La unidad quedará vacía (sin tabla de particiones) y no arrancará hasta que la vuelva a escribir.' },
    quitBackup: { keep: 'Seguir con la copia de seguridad', quit: 'Salir de todos modos', title: 'Se está haciendo una copia de seguridad de una memoria Flash', message: '¿Salir mientras se hace la copia de seguridad de la memoria Flash?', detail: 'La copia de seguridad se detiene y no queda ningún zip. La memoria Flash solo se lee, así que nada cambia en ella.' },
    ready: { title: 'La nueva memoria Flash está lista', body: 'La unidad {{drive}} está escrita y verificada. Abra Flash Creator para ver qué hacer tras el primer arranque.' },
    failed: { title: 'Falló la escritura de la memoria Flash', body: 'Falló la escritura de la unidad {{drive}}. Abra Flash Creator para ver por qué y qué hacer.', unsafe: 'Falló la escritura de la unidad {{drive}} y puede haber quedado a medio escribir: no arranque desde ella. Abra Flash Creator para ver por qué y qué hacer.' },
    saveBackup: { title: 'Guardar la copia de seguridad de la memoria Flash', button: 'Guardar', zips: 'Copia de seguridad de memoria Flash (zip)' },
    chooseBackup: { title: 'Elegir el zip de copia de seguridad de la memoria Flash', button: 'Elegir', zips: 'Copia de seguridad de memoria Flash (zip)', all: 'Todos los archivos' },
  },
  it: {
    quitWrite: { keep: 'Continua a scrivere', quit: 'Esci comunque', title: 'È in corso la scrittura di un’unità', message: 'Uscire durante la scrittura dell’unità?', detail: 'L’unità resterà vuota (senza tabella delle partizioni) e non si avvierà finché non la riscrivi.' },
    quitBackup: { keep: 'Continua il backup', quit: 'Esci comunque', title: 'È in corso il backup di un’unità flash', message: 'Uscire durante il backup dell’unità flash?', detail: 'Il backup si interrompe e non resta alcuno zip. L’unità flash viene solo letta, quindi non cambia nulla.' },
    ready: { title: 'La nuova unità flash è pronta', body: 'L’unità {{drive}} è scritta e verificata. Apri Flash Creator per sapere cosa fare dopo il primo avvio.' },
    failed: { title: 'La scrittura dell’unità flash non è riuscita', body: 'La scrittura dell’unità {{drive}} non è riuscita. Apri Flash Creator per sapere perché e cosa fare.', unsafe: 'La scrittura dell’unità {{drive}} non è riuscita e l’unità potrebbe essere scritta solo in parte: non avviare da essa. Apri Flash Creator per sapere perché e cosa fare.' },
    saveBackup: { title: 'Salva il backup dell’unità flash', button: 'Salva', zips: 'Backup dell’unità flash (zip)' },
    chooseBackup: { title: 'Scegli lo zip di backup dell’unità flash', button: 'Scegli', zips: 'Backup dell’unità flash (zip)', all: 'Tutti i file' },
  },
  nl: {
    quitWrite: { keep: 'Doorgaan met schrijven', quit: 'Toch afsluiten', title: 'Er wordt een stick beschreven', message: 'Afsluiten terwijl de stick wordt beschreven?', detail: 'De stick blijft leeg (zonder partitietabel) en start niet op tot u hem opnieuw beschrijft.' },
    quitBackup: { keep: 'Doorgaan met back-up', quit: 'Toch afsluiten', title: 'Er wordt een back-up van een stick gemaakt', message: 'Afsluiten terwijl er een back-up van de stick wordt gemaakt?', detail: 'De back-up stopt en er blijft geen zip achter. De stick wordt alleen gelezen, er verandert niets aan.' },
    ready: { title: 'De nieuwe stick is klaar', body: 'De stick {{drive}} is beschreven en gecontroleerd. Open Flash Creator om te zien wat u na de eerste opstart moet doen.' },
    failed: { title: 'Het schrijven van de stick is mislukt', body: 'Het schrijven van de stick {{drive}} is mislukt. Open Flash Creator om te zien waarom en wat u kunt doen.', unsafe: 'Het schrijven van de stick {{drive}} is mislukt en hij is misschien maar half beschreven: start er niet van op. Open Flash Creator om te zien waarom en wat u kunt doen.' },
    saveBackup: { title: 'De back-up van de USB-stick opslaan', button: 'Opslaan', zips: 'Back-up van USB-stick (zip)' },
    chooseBackup: { title: 'De zip met de back-up van de USB-stick kiezen', button: 'Kiezen', zips: 'Back-up van USB-stick (zip)', all: 'Alle bestanden' },
  },
  pl: {
    quitWrite: { keep: 'Kontynuuj zapis', quit: 'Zamknij mimo to', title: 'Trwa zapis na dysk', message: 'Zamknąć podczas zapisu na dysk?', detail: 'Dysk pozostanie pusty (bez tablicy partycji) i nie uruchomi się, dopóki nie zapiszesz go ponownie.' },
    quitBackup: { keep: 'Kontynuuj kopię zapasową', quit: 'Zamknij mimo to', title: 'Trwa tworzenie kopii zapasowej pendrive’a', message: 'Zamknąć podczas tworzenia kopii zapasowej pendrive’a?', detail: 'Tworzenie kopii zapasowej zostanie przerwane i nie pozostanie żaden zip. Pendrive jest tylko odczytywany, więc nic się na nim nie zmienia.' },
    ready: { title: 'Nowy pendrive jest gotowy', body: 'Dysk {{drive}} został zapisany i sprawdzony. Otwórz Flash Creator, aby zobaczyć, co zrobić po pierwszym uruchomieniu.' },
    failed: { title: 'Zapis pendrive’a się nie powiódł', body: 'Zapis na dysk {{drive}} się nie powiódł. Otwórz Flash Creator, aby zobaczyć dlaczego i co dalej.', unsafe: 'Zapis na dysk {{drive}} się nie powiódł i dysk może być zapisany tylko częściowo: nie uruchamiaj z niego systemu. Otwórz Flash Creator, aby zobaczyć dlaczego i co dalej.' },
    saveBackup: { title: 'Zapisz kopię zapasową pamięci flash', button: 'Zapisz', zips: 'Kopia zapasowa pamięci flash (zip)' },
    chooseBackup: { title: 'Wybierz plik zip z kopią zapasową pamięci flash', button: 'Wybierz', zips: 'Kopia zapasowa pamięci flash (zip)', all: 'Wszystkie pliki' },
  },
  'pt-BR': {
    quitWrite: { keep: 'Continuar gravando', quit: 'Sair mesmo assim', title: 'Uma unidade está sendo gravada', message: 'Sair enquanto a unidade está sendo gravada?', detail: 'A unidade ficará vazia (sem tabela de partições) e não vai inicializar até que você a grave de novo.' },
    quitBackup: { keep: 'Continuar o backup', quit: 'Sair mesmo assim', title: 'Um pendrive está passando por backup', message: 'Sair durante o backup do pendrive?', detail: 'O backup para e nenhum zip é deixado. O pendrive é apenas lido, então nada muda nele.' },
    ready: { title: 'O novo pendrive está pronto', body: 'A unidade {{drive}} foi gravada e verificada. Abra o Flash Creator para ver o que fazer após a primeira inicialização.' },
    failed: { title: 'A gravação do pendrive falhou', body: 'A gravação da unidade {{drive}} falhou. Abra o Flash Creator para ver por quê e o que fazer.', unsafe: 'A gravação da unidade {{drive}} falhou e ela pode ter ficado gravada pela metade: não inicialize por ela. Abra o Flash Creator para ver por quê e o que fazer.' },
    saveBackup: { title: 'Salvar o backup do pendrive', button: 'Salvar', zips: 'Backup do pendrive (zip)' },
    chooseBackup: { title: 'Escolher o zip de backup do pendrive', button: 'Escolher', zips: 'Backup do pendrive (zip)', all: 'Todos os arquivos' },
  },
  'zh-CN': {
    quitWrite: { keep: '继续写入', quit: '仍然退出', title: '正在写入驱动器', message: '要在写入驱动器时退出吗？', detail: '驱动器将变为空白（没有分区表），在您重新写入之前无法启动。' },
    quitBackup: { keep: '继续备份', quit: '仍然退出', title: '正在备份 U 盘', message: '要在备份 U 盘时退出吗？', detail: '备份将停止，不会留下 zip。U 盘只会被读取，其内容不会改变。' },
    ready: { title: '新的 U 盘已就绪', body: '{{drive}}已写入并校验。打开 Flash Creator 查看首次启动后要做的事。' },
    failed: { title: 'U 盘写入失败', body: '{{drive}}写入失败。打开 Flash Creator 查看原因和处理方法。', unsafe: '{{drive}}写入失败，可能只写入了一部分：请勿从它启动。打开 Flash Creator 查看原因和处理方法。' },
    saveBackup: { title: '保存 U 盘备份', button: '保存', zips: 'U 盘备份（zip）' },
    chooseBackup: { title: '选择 U 盘备份 zip', button: '选择', zips: 'U 盘备份（zip）', all: '所有文件' },
  },
  ja: {
    quitWrite: { keep: '書き込みを続ける', quit: '終了する', title: 'ドライブに書き込み中です', message: 'ドライブへの書き込み中に終了しますか？', detail: 'ドライブは空（パーティションテーブルなし）のままになり、書き込み直すまで起動しません。' },
    quitBackup: { keep: 'バックアップを続ける', quit: '終了する', title: 'フラッシュドライブをバックアップ中です', message: 'フラッシュドライブのバックアップ中に終了しますか？', detail: 'バックアップは中止され、zip は残りません。フラッシュドライブは読み取るだけなので、何も変わりません。' },
    ready: { title: '新しいフラッシュドライブの準備ができました', body: '{{drive}}への書き込みと検証が終わりました。初回起動後の作業は Flash Creator を開いて確認してください。' },
    failed: { title: 'フラッシュドライブに書き込めませんでした', body: '{{drive}}には書き込めませんでした。理由と対処は Flash Creator を開いて確認してください。', unsafe: '{{drive}}への書き込みに失敗し、途中まで書き込まれている可能性があります。このドライブから起動しないでください。理由と対処は Flash Creator を開いて確認してください。' },
    saveBackup: { title: 'フラッシュドライブのバックアップを保存', button: '保存', zips: 'フラッシュドライブのバックアップ（zip）' },
    chooseBackup: { title: 'フラッシュドライブのバックアップ zip を選択', button: '選択', zips: 'フラッシュドライブのバックアップ（zip）', all: 'すべてのファイル' },
  },
} as const satisfies Record<string, DesktopWords>;

export type DesktopLanguage = keyof typeof DESKTOP_WORDS;

export function isDesktopLanguage(value: unknown): value is DesktopLanguage {
  return typeof value === 'string' && Object.hasOwn(DESKTOP_WORDS, value);
}

/** A sentence with the drive's name put in where it names it. */
export function withDrive(text: string, drive: string): string {
  return text.replace('{{drive}}', drive);
}
