// send.php translit=1 (readable Latin) and translit=2 (look-alike glyphs), spec §3.1 and §13, tables in docs/text.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { transliterate } from '../../src/text/translit.ts';
import { countSegments } from '../../src/text/segments.ts';

const RUSSIAN = 'абвгдеёжзийклмнопрстуфхцчшщъыьэюя';
const UKRAINIAN = 'іїєґ';
const SAMPLE = 'Ваш код подтверждения: 4821. Не сообщайте его никому! «Щука» — №7, объявление… Съешь ещё этих мягких булок.';

test('spec §3.1 translit=1: the readable table for every lower-case Russian letter', () => {
  assert.equal(transliterate(RUSSIAN, 1), 'abvgdeyozhziyklmnoprstufkhtschshshchyeyuya');
});

test('spec §3.1 translit=1: common words read as Russians write translit', () => {
  assert.equal(transliterate('привет, как дела? хорошо', 1), 'privet, kak dela? khorosho');
  assert.equal(transliterate('щука, юла, яма, подъезд, день', 1), 'shchuka, yula, yama, podezd, den');
});

test('spec §3.1 translit=1: a capital is Zh inside a word and ZH inside an all-caps word', () => {
  assert.equal(transliterate('Жук', 1), 'Zhuk');
  assert.equal(transliterate('ЖУК', 1), 'ZHUK');
  assert.equal(transliterate('ЁЖ', 1), 'YOZH');
  assert.equal(transliterate('Ж', 1), 'Zh');
  assert.equal(transliterate('ВЕЩЬ Щи Юля', 1), 'VESHCH Shchi Yulya');
});

test('spec §3.1 translit=1: Ukrainian і ї є ґ', () => {
  assert.equal(transliterate(UKRAINIAN, 1), 'iyiyeg');
  assert.equal(transliterate('Їжак Ґанок Євген', 1), 'Yizhak Ganok Yevgen');
});

test('spec §3.1 translit=2: the look-alike table for every Russian letter in both cases', () => {
  assert.equal(transliterate(RUSSIAN, 2), "a6Brgee>I<3uuk/IMHonpcmy<I>xu,4ww,'bbIb-)I-o9I");
  assert.equal(transliterate(RUSSIAN.toUpperCase(), 2), "A6BrDEE>I<3UUK/IMHOnPCTY<I>XU,4WW,'bbIb-)I-O9I");
});

test('spec §3.1 translit=2: "транслит" becomes the "mpaHc/Ium" of the SMSC docs', () => {
  assert.equal(transliterate('транслит', 2), 'mpaHc/Ium');
});

test('spec §3.1: characters outside the tables pass through unchanged', () => {
  const other = 'Hello 123 @£ {€} ü 😀 ç';
  assert.equal(transliterate(other, 1), other);
  assert.equal(transliterate(other, 2), other);
});

test('docs/text.md: Russian typography becomes GSM-7 punctuation in both modes', () => {
  assert.equal(transliterate('«а» — №1…', 1), '"a" - N1...');
  assert.equal(transliterate('«а» — №1…', 2), '"a" - N1...');
});

test('spec §13: transliterated Cyrillic text is pure GSM-7 in both modes', () => {
  for (const mode of [1, 2] as const) {
    for (const text of [SAMPLE, SAMPLE.toUpperCase(), RUSSIAN, RUSSIAN.toUpperCase(), UKRAINIAN, UKRAINIAN.toUpperCase()]) {
      const latin = transliterate(text, mode);
      assert.equal(countSegments(latin).encoding, 'gsm7', `mode ${mode}: ${latin}`);
    }
  }
});

test('spec §13: mode 2 uses no two-unit escape characters, so each glyph costs its length', () => {
  const latin = transliterate(RUSSIAN + RUSSIAN.toUpperCase(), 2);
  assert.equal(countSegments(latin).units, latin.length);
});
