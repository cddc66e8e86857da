// Cyrillic to GSM-7 Latin transliteration for send.php `translit=1` and `translit=2` (spec §3.1, §13).

// Mode 1, readable Latin (close to ICAO 9303): lower case only, capitals are derived from context.
const READABLE: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'yo', ж: 'zh', з: 'z', и: 'i', й: 'y',
  к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f',
  х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
  і: 'i', ї: 'yi', є: 'ye', ґ: 'g',
};

// Mode 2, look-alike glyphs ("mpaHc/Ium"): each case listed, since a capital often looks unlike its
// small letter (т is m, Т is T). A capital I stands for a vertical bar: '|' is a two-septet GSM escape.
const LOOKALIKE: Record<string, string> = {
  а: 'a', б: '6', в: 'B', г: 'r', д: 'g', е: 'e', ё: 'e', ж: '>I<', з: '3', и: 'u', й: 'u',
  к: 'k', л: '/I', м: 'M', н: 'H', о: 'o', п: 'n', р: 'p', с: 'c', т: 'm', у: 'y', ф: '<I>',
  х: 'x', ц: 'u,', ч: '4', ш: 'w', щ: 'w,', ъ: "'b", ы: 'bI', ь: 'b', э: '-)', ю: 'I-o', я: '9I',
  і: 'i', ї: 'i', є: 'e', ґ: 'r',
  А: 'A', Б: '6', В: 'B', Г: 'r', Д: 'D', Е: 'E', Ё: 'E', Ж: '>I<', З: '3', И: 'U', Й: 'U',
  К: 'K', Л: '/I', М: 'M', Н: 'H', О: 'O', П: 'n', Р: 'P', С: 'C', Т: 'T', У: 'Y', Ф: '<I>',
  Х: 'X', Ц: 'U,', Ч: '4', Ш: 'W', Щ: 'W,', Ъ: "'b", Ы: 'bI', Ь: 'b', Э: '-)', Ю: 'I-O', Я: '9I',
  І: 'I', Ї: 'I', Є: 'E', Ґ: 'r',
};

// Typography common in Russian text that is not GSM-7 and would alone force the message into UCS-2.
const PUNCTUATION: Record<string, string> = {
  '№': 'N', '«': '"', '»': '"', '„': '"', '“': '"', '”': '"', '‘': "'", '’': "'",
  '–': '-', '—': '-', '…': '...', '\u00a0': ' ',
};

/** Transliterates Cyrillic to Latin: mode 1 readable, mode 2 look-alike glyphs; other characters pass through. */
export function transliterate(text: string, mode: 1 | 2): string {
  const chars = Array.from(text);
  return chars
    .map((char, i) => {
      const latin = mode === 1 ? readable(chars, i) : LOOKALIKE[char];
      return latin ?? PUNCTUATION[char] ?? char;
    })
    .join('');
}

// A capital spelled with several Latin letters is Zh inside a word (Жук → Zhuk) and ZH among capitals
// (ЖУК → ZHUK); at a word's end the letter before decides (ЁЖ → YOZH).
function readable(chars: string[], i: number): string | undefined {
  const char = chars[i] ?? '';
  const small = char.toLowerCase();
  const latin = READABLE[small];
  if (latin === undefined || char === small) return latin;
  const next = chars[i + 1];
  const capitals = isCapital(next) || (!isLetter(next) && isCapital(chars[i - 1]));
  return capitals ? latin.toUpperCase() : latin.charAt(0).toUpperCase() + latin.slice(1);
}

function isLetter(char: string | undefined): char is string {
  return char !== undefined && char.toLowerCase() !== char.toUpperCase();
}

function isCapital(char: string | undefined): boolean {
  return isLetter(char) && char === char.toUpperCase();
}
