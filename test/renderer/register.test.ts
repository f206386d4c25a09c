// Each language speaks to the user in one register, everywhere: German Sie, French vous, Spanish
// usted, Italian tu, Dutch u, Polish forms that fit every reader (no "utworzyłeś", masculine only),
// Brazilian Portuguese você with Brazil's words, Chinese 您, Japanese です/ます. The test looks for
// the other register's common forms (pronouns, verb endings, formal imperatives) in every text of
// the wizard's and the engine's catalogues and the main process's own words, and is shown to find each.
import { describe, expect, it } from 'vitest';
import { CATALOGUES, type Catalogue } from '../../renderer/i18n/catalogues.js';
import { catalogueTexts } from './catalogue-texts.js';
import { DESKTOP_WORDS } from '../../shared/desktop-words.js';

const WORD = (words: string) => new RegExp(`(?<![\\p{L}’'-])(${words})(?![\\p{L}’'-])`, 'u');

/** Per language: forms of the register it does not use. */
const OTHER_REGISTER: Record<string, readonly RegExp[]> = {
  de: [WORD('[Dd]u|[Dd]ich|[Dd]ir|[Dd]ein(e|en|em|er|es)?|hast|bist|kannst|willst|musst|solltest|möchtest|wirst')],
  // A vous with an adjective for one gender only ("quand vous serez prêt") leaves out half the readers.
  fr: [WORD('tu|toi|ton|tes|te|t’|es-tu|peux|veux|dois|as'), /(?<!\p{L})t’/u, /vous (serez|êtes|soyez|seul)\s*(prêt|sûr|certain|seul)?(?![\p{L}e])/u],
  es: [
    WORD('tú|tu|tus|te|ti|contigo|tienes|puedes|quieres|debes|estás|eres|has|sabes|necesitas'),
    // tú imperatives that are not also usted's third person ("arranca", "comprueba" are: the server arranca).
    /(?<!\p{L})(?<!una |la |su |de )(elige|elígela|elígelo|repite|guárdala|guárdalo|conéctala|conéctalo|cópiala|cópialo|léela|léelo|haz|pon|mantén|asegúrate|inténtalo|expulsa|marca|sigue estos)(?!\p{L})/u,
    /(?:^|[.:;¿¡]\s*)(Lee|Expulsa|Repite|Elige|Conecta|Usa|Descarga|Abre|Guarda|Comprueba|Selecciona|Escribe|Pulsa|Vuelve|Espera|Introduce|Haz|Pon|Mantén|Desconecta|Arranca|Inicia)(?![\p{L}:])/mu,
  ],
  // Italian -are verbs share the formal imperative with tu's present (colleghi, usi): only -ere/-ire ones tell.
  it: [/(sei|sarai) (pronto|sicuro|certo)(?!\p{L})|[Pp]er essere sicuro/u, /(?<=\p{Ll} )(Lei|Le|La|Suo|Sua|Suoi|Sue)(?!\p{L})/u, WORD('scelga|inserisca|apra|attenda|prema|tenga|faccia|vada|sostituisca|mantenga|legga|metta|chiuda|scriva|scelgano')],
  nl: [/(?<!\p{L})(je|jij|jou|jouw|jezelf|jullie)(?!\p{L})/iu],
  pl: [/\p{L}(łeś|łaś|łbyś|łabyś)(?!\p{L})/u, /(?<!\p{L})(gdy|a|że|to)?byś\s+\p{L}+ł[ao]?(?!\p{L})|(będziesz|jesteś)\s+(gotów|gotowy|gotowa|pewien|pewny|pewna|zadowolony|zadowolona)/u],
  'pt-BR': [WORD('tu|teu|tua|teus|tuas|contigo|ti|vós'), /(estiver|estará|você está) (pronto|certo|seguro)(?!\p{L})/u, /utilizador|ficheiro|ecrã|aceder|registo(?!\p{L})/u],
  'zh-CN': [/你/u],
  // Japanese software speaks politely and without あなた.
  ja: [/である(?!\p{L})|(?<![\p{L}])だ。|しろ。|するな(?!\p{L})|あなた/u],
};

/** The texts that use the other register, with the form found; placeholders are names, not words. */
function otherRegister(language: string, catalogue: Catalogue): string[] {
  const found: string[] = [];
  for (const [key, text] of catalogueTexts(catalogue)) {
    const words = text.replace(/\{\{[^}]*\}\}/g, ' ');
    for (const pattern of OTHER_REGISTER[language] ?? []) {
      const match = pattern.exec(words);
      if (match) found.push(`${key}: “${match[0].trim()}” in “${text}”`);
    }
  }
  return found;
}

describe('one register per language', () => {
  for (const language of Object.keys(OTHER_REGISTER)) {
    it(`${language}: no form of the other register`, () => {
      const words = { ...CATALOGUES[language as keyof typeof CATALOGUES], desktop: DESKTOP_WORDS[language as keyof typeof DESKTOP_WORDS] };
      expect(otherRegister(language, words as unknown as Catalogue)).toEqual([]);
    });
  }

  it('finds the other register in every language, and passes the chosen one', () => {
    const caught: Record<string, [string, string]> = {
      de: ['Wähle deine Sicherung.', 'Wählen Sie Ihre Sicherung.'],
      fr: ['Choisis ta sauvegarde quand vous serez prêt.', 'Choisissez votre sauvegarde quand vous le souhaitez.'],
      es: ['Use otra unidad: elige otra y marca la casilla.', 'Elija otra unidad y marque la casilla; use una de una marca conocida.'],
      it: ['Scelga il backup che Le serve.', 'Scegli il backup che ti serve: le voci e la sua etichetta.'],
      nl: ['Kies je back-up.', 'Kies uw back-up.'],
      pl: ['Plik, który utworzyłeś, gdybyś prosił o pomoc, gdy będziesz gotów.', 'Plik utworzony na serwerze, przydatny przy prośbie o pomoc, kiedy zechcesz.'],
      'pt-BR': ['Escolhe o teu ficheiro quando estiver pronto.', 'Escolha o seu arquivo quando quiser: o pendrive está pronto.'],
      'zh-CN': ['请选择你的备份。', '请选择您的备份。'],
      ja: ['あなたのバックアップを選べ。これは必要である。', 'ご自身のバックアップを選んでください。'],
    };
    for (const [language, [other, chosen]] of Object.entries(caught)) {
      expect(otherRegister(language, { sample: other } as unknown as Catalogue), language).not.toEqual([]);
      expect(otherRegister(language, { sample: chosen } as unknown as Catalogue), language).toEqual([]);
    }
  });
});
