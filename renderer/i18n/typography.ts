// Spacing a language's typography asks for, applied to every worded message (catalogue text and
// the names put into it alike), so that no catalogue line has to carry invisible characters:
// French puts a narrow no-break space (U+202F) before : ; ? ! and », and after «.
const NARROW_NO_BREAK_SPACE = '\u202f';

export function typeset(text: string, language: string): string {
  if (!/^fr\b/.test(language)) return text;
  return text.replace(/[ \u00a0]+([:;?!»])/g, `${NARROW_NO_BREAK_SPACE}$1`).replace(/«[ \u00a0]+/g, `«${NARROW_NO_BREAK_SPACE}`);
}
